/* acc-booking-row.c: one booking among the arrivals' search results
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-booking-row.h"
#include "acc-ui-util.h"

/* One line per enrollment of the booking. The list view recycles rows, so the lines are kept
 * and reused from one booking to the next rather than rebuilt. */
typedef struct
{
  GtkWidget *box;
  GtkImage  *icon;
  GtkLabel  *label;
  GtkLabel  *state;
} Line;

struct _AccBookingRow
{
  AdwBin            parent_instance;

  AccBookingResult *result;
  GArray           *lines;  /* Line */

  /* Template widgets */
  GtkLabel         *reference_label;
  GtkLabel         *payer_label;
  GtkImage         *summary_icon;
  GtkLabel         *summary_label;
  GtkBox           *lines_box;
};

G_DEFINE_FINAL_TYPE (AccBookingRow, acc_booking_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Line *
get_line (AccBookingRow *self,
          guint          index)
{
  while (self->lines->len <= index)
    {
      Line line;

      line.box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      line.icon = GTK_IMAGE (gtk_image_new ());
      gtk_image_set_pixel_size (line.icon, 20);
      line.label = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (line.label, 0);
      gtk_label_set_ellipsize (line.label, PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (GTK_WIDGET (line.label), TRUE);
      /* The state stays whole when the rest of the line is too long. */
      line.state = GTK_LABEL (gtk_label_new (NULL));
      gtk_widget_add_css_class (GTK_WIDGET (line.state), "acc-line-state");
      gtk_widget_add_css_class (line.box, "acc-enrollment-line");
      gtk_box_append (GTK_BOX (line.box), GTK_WIDGET (line.icon));
      gtk_box_append (GTK_BOX (line.box), GTK_WIDGET (line.label));
      gtk_box_append (GTK_BOX (line.box), GTK_WIDGET (line.state));
      gtk_box_append (self->lines_box, line.box);
      g_array_append_val (self->lines, line);
    }

  return &g_array_index (self->lines, Line, index);
}

/* "Zoé Lefèvre · Ski enfants – matin 09:00 · Ourson · Ourson 2", then "checked in" with an
 * icon: the state is said in words as well as shown by colour. */
static char *
update_line (Line                   *line,
             const AccEnrollmentRow *row)
{
  g_autofree char *name = acc_format_full_name (row);
  g_autofree char *time = acc_format_time (row->starts_at);
  g_autofree char *session = NULL;
  g_autoptr(GString) plain = g_string_new (NULL);
  g_autoptr(GString) markup = g_string_new (NULL);
  g_autofree char *conflict_state = NULL;
  const char *state;
  const char *icon;
  const char *state_class;
  const char *level;
  const char *parts[4];
  guint n_parts = 0;

  if (row->status == ACC_ENROLLMENT_STATUS_CANCELLED)
    {
      state = acc_enrollment_status_get_inline_label (row->status);
      icon = "action-unavailable-symbolic";
      state_class = "acc-state-cancelled";
    }
  else if (row->checked_in)
    {
      /* Translators: the state of a participant's lesson in the search results. */
      state = C_("enrollment", "checked in");
      icon = "object-select-symbolic";
      state_class = "acc-state-done";
    }
  else
    {
      /* Translators: the state of a participant's lesson in the search results. */
      state = C_("enrollment", "not checked in");
      icon = "checkbox-symbolic";
      state_class = "acc-state-todo";
    }

  /* Two desks wrote different things about this lesson: the desk must see it where it
   * looks, not only on the Review page. */
  if (row->n_conflicts > 0 && row->status != ACC_ENROLLMENT_STATUS_CANCELLED)
    {
      /* Translators: the state of a participant's lesson in the search results, when two
       * desks disagree about it: “checked in · conflict”. */
      state = conflict_state = g_strdup_printf (C_("enrollment", "%s · conflict"), state);
      icon = "dialog-warning-symbolic";
      state_class = "acc-state-conflict";
    }

  level = row->declared_level_label ? row->declared_level_label : row->level_code;

  if (row->session_title != NULL && time != NULL)
    {
      /* Translators: a session and its start in the search results, “Ski enfants – matin
       * 09:00”. */
      session = g_strdup_printf (C_("session and time", "%1$s %2$s"), row->session_title, time);
      parts[n_parts++] = session;
    }
  else if (row->session_title != NULL)
    parts[n_parts++] = row->session_title;
  if (level != NULL && level[0] != '\0')
    parts[n_parts++] = level;
  if (row->group_label != NULL)
    parts[n_parts++] = row->group_label;
  else if (row->status != ACC_ENROLLMENT_STATUS_CANCELLED)
    /* Translators: in the search results, a participant not placed in a group yet. */
    parts[n_parts++] = _("no group yet");

  g_string_append (plain, name);
  g_string_append_printf (markup, "<b>%s</b>", name);
  for (guint i = 0; i < n_parts; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (parts[i], -1);

      g_string_append_printf (plain, " · %s", parts[i]);
      g_string_append_printf (markup, " · %s", escaped);
    }
  g_string_append_printf (plain, " · %s", state);

  gtk_label_set_markup (line->label, markup->str);
  gtk_label_set_label (line->state, state);
  gtk_image_set_from_icon_name (line->icon, icon);
  acc_widget_set_state_class (line->box, state_class);
  gtk_widget_set_visible (line->box, TRUE);

  return g_string_free (g_steal_pointer (&plain), FALSE);
}

static void
acc_booking_row_update (AccBookingRow *self)
{
  g_autoptr(GString) accessible = g_string_new (NULL);
  g_autofree char *summary = NULL;
  const char *reference;
  const char *payer;
  GPtrArray *rows;
  guint n_active = 0;
  guint n_checked_in = 0;
  guint i;

  g_assert (ACC_IS_BOOKING_ROW (self));

  if (self->result == NULL)
    {
      gtk_label_set_label (self->reference_label, "");
      gtk_label_set_label (self->payer_label, "");
      gtk_label_set_label (self->summary_label, "");
      for (i = 0; i < self->lines->len; i++)
        gtk_widget_set_visible (g_array_index (self->lines, Line, i).box, FALSE);
      return;
    }

  rows = acc_booking_result_get_rows (self->result);
  for (i = 0; i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (row->status != ACC_ENROLLMENT_STATUS_CANCELLED)
        {
          n_active++;
          n_checked_in += row->checked_in ? 1 : 0;
        }
    }

  reference = acc_booking_result_get_reference (self->result);
  payer = acc_booking_result_get_payer_name (self->result);
  gtk_label_set_label (self->reference_label, reference ? reference : "");
  gtk_label_set_label (self->payer_label, payer ? payer : "");

  acc_widget_set_state_class (GTK_WIDGET (self->summary_label), NULL);
  if (n_active == 0)
    {
      /* Translators: in the search results, every lesson of the booking is cancelled. */
      summary = g_strdup (_("Cancelled"));
      gtk_image_set_from_icon_name (self->summary_icon, "action-unavailable-symbolic");
      acc_widget_set_state_class (GTK_WIDGET (self->summary_label), "acc-state-cancelled");
    }
  else if (n_checked_in == n_active)
    {
      /* Translators: in the search results, everyone of the booking has arrived. */
      summary = g_strdup (_("All checked in"));
      gtk_image_set_from_icon_name (self->summary_icon, "object-select-symbolic");
      acc_widget_set_state_class (GTK_WIDGET (self->summary_label), "acc-state-done");
    }
  else
    {
      /* Translators: in the search results, how many of the booking's lessons are checked
       * in: “1 of 3 checked in”. */
      summary = g_strdup_printf (ngettext ("%1$u of %2$u checked in", "%1$u of %2$u checked in",
                                           n_active),
                                 n_checked_in, n_active);
      gtk_image_set_from_icon_name (self->summary_icon, "checkbox-symbolic");
      acc_widget_set_state_class (GTK_WIDGET (self->summary_label), "acc-state-todo");
    }
  gtk_label_set_label (self->summary_label, summary);

  /* Translators: what a screen reader says of a booking in the search results, before
   * its participants: “Booking KM7PX3, Hélène Lefèvre, 1 of 3 checked in.” */
  g_string_append_printf (accessible, _("Booking %1$s, %2$s, %3$s."),
                          reference ? reference : "",
                          payer ? payer : "",
                          summary);

  for (i = 0; i < rows->len; i++)
    {
      g_autofree char *plain = update_line (get_line (self, i), g_ptr_array_index (rows, i));

      g_string_append_printf (accessible, " %s.", plain);
    }
  for (; i < self->lines->len; i++)
    gtk_widget_set_visible (g_array_index (self->lines, Line, i).box, FALSE);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible->str,
                                  -1);
}

static void
acc_booking_row_dispose (GObject *object)
{
  AccBookingRow *self = ACC_BOOKING_ROW (object);

  g_clear_object (&self->result);

  gtk_widget_dispose_template (GTK_WIDGET (self), ACC_TYPE_BOOKING_ROW);

  G_OBJECT_CLASS (acc_booking_row_parent_class)->dispose (object);
}

static void
acc_booking_row_finalize (GObject *object)
{
  AccBookingRow *self = ACC_BOOKING_ROW (object);

  g_clear_pointer (&self->lines, g_array_unref);

  G_OBJECT_CLASS (acc_booking_row_parent_class)->finalize (object);
}

static void
acc_booking_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AccBookingRow *self = ACC_BOOKING_ROW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      g_value_set_object (value, self->result);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_booking_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  AccBookingRow *self = ACC_BOOKING_ROW (object);

  switch (prop_id)
    {
    case PROP_RESULT:
      acc_booking_row_set_result (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_booking_row_class_init (AccBookingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_booking_row_dispose;
  object_class->finalize = acc_booking_row_finalize;
  object_class->get_property = acc_booking_row_get_property;
  object_class->set_property = acc_booking_row_set_property;

  /**
   * AccBookingRow:result:
   *
   * The booking the row shows, with its matching enrollments.
   */
  properties[PROP_RESULT] =
    g_param_spec_object ("result", NULL, NULL,
                         ACC_TYPE_BOOKING_RESULT,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-booking-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AccBookingRow, reference_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingRow, payer_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingRow, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, AccBookingRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AccBookingRow, lines_box);
}

static void
acc_booking_row_init (AccBookingRow *self)
{
  self->lines = g_array_new (FALSE, FALSE, sizeof (Line));

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * acc_booking_row_new:
 *
 * Returns: (transfer floating): a new, empty #AccBookingRow
 */
GtkWidget *
acc_booking_row_new (void)
{
  return g_object_new (ACC_TYPE_BOOKING_ROW, NULL);
}

/**
 * acc_booking_row_get_result:
 * @self: a #AccBookingRow
 *
 * Returns: (transfer none) (nullable): the booking the row shows
 */
AccBookingResult *
acc_booking_row_get_result (AccBookingRow *self)
{
  g_return_val_if_fail (ACC_IS_BOOKING_ROW (self), NULL);

  return self->result;
}

/**
 * acc_booking_row_set_result:
 * @self: a #AccBookingRow
 * @result: (nullable): the booking to show
 */
void
acc_booking_row_set_result (AccBookingRow    *self,
                            AccBookingResult *result)
{
  g_return_if_fail (ACC_IS_BOOKING_ROW (self));
  g_return_if_fail (result == NULL || ACC_IS_BOOKING_RESULT (result));

  if (!g_set_object (&self->result, result))
    return;

  acc_booking_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
}
