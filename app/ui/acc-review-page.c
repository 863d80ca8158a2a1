/* acc-review-page.c: the facts on which desks disagree, for a person to settle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-review-page.h"
#include "acc-ui-util.h"

struct _AccReviewPage
{
  AccStorePage      parent_instance;


  GPtrArray  *conflicts;    /* AccConflict, as the store lists them. */

  /* Template widgets */
  GtkStack   *stack;
  GtkLabel   *count_label;
  GtkLabel   *error_label;
  GtkBox     *conflicts_box;
};

G_DEFINE_FINAL_TYPE (AccReviewPage, acc_review_page, ACC_TYPE_STORE_PAGE)

enum {
  PROP_0,
  PROP_N_CONFLICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (AccReviewPage *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Who wrote a fact, in words: the staff name it carries, else the desk. */
static char *
format_who (const AccConflictFact *fact)
{
  if (fact->staff != NULL && fact->staff[0] != '\0')
    return g_strdup (fact->staff);

  /* Translators: who recorded a value when no staff name was given: the desk, by the first
   * characters of its device id. */
  return g_strdup_printf (_("Desk %.8s"), fact->device_id ? fact->device_id : "");
}

/* When a fact was written, as a time of day on the desk's clock. */
static char *
format_when (const AccConflictFact *fact)
{
  g_autoptr(GDateTime) at = NULL;

  if (fact->at != NULL)
    at = g_date_time_new_from_iso8601 (fact->at, NULL);
  if (at == NULL)
    return NULL;

  /* The desk's own clock, with the offset it wrote: the school's time, wherever the
   * reviewing computer's clock is set. */
  /* Translators: the time a value was recorded, in g_date_time_format() codes: 24-hour
   * “08:12”. Use “%l:%M %p” for a 12-hour clock. */
  return g_date_time_format (at, _("%H:%M"));
}

static GtkWidget *
create_fact_row (AccReviewPage         *self,
                 const AccConflict     *conflict,
                 const AccConflictFact *fact)
{
  g_autofree char *who = format_who (fact);
  g_autofree char *when = format_when (fact);
  g_autofree char *meta = NULL;
  g_autofree char *accessible = NULL;
  const char *value = fact->value_label ? fact->value_label : fact->value;
  GtkWidget *row, *box, *texts, *label, *button;

  if (when != NULL)
    /* Translators: under a value in the review list: who recorded it, then when: “Anne ·
     * 08:12”. */
    meta = g_strdup_printf (C_("who and when", "%s · %s"), who, when);
  else
    meta = g_strdup (who);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (texts), acc_label_new_wrapped (value, "title-2"));

  label = gtk_label_new (meta);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (texts), label);

  if (g_strcmp0 (fact->value, conflict->shown) == 0)
    /* Translators: marks the value the desks show until someone chooses. */
    gtk_box_append (GTK_BOX (texts), acc_mark_label_new (_("Shown now"), 0));
  gtk_box_append (GTK_BOX (box), texts);

  /* Translators: the button that settles a disagreement with the value beside it. */
  button = gtk_button_new_with_label (_("Keep This"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (button, 180, 56);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "title-4");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "review.keep");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", fact->fact_id);
  /* Every row has this button: a screen reader says which value it keeps. */
  /* Translators: what a screen reader says for the Keep This button: “Keep Ourson 2 for
   * Zoé Lefèvre – group”. */
  accessible = g_strdup_printf (_("Keep %s for %s"), value,
                                conflict->label ? conflict->label : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  gtk_box_append (GTK_BOX (box), button);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static GtkWidget *
create_card (AccReviewPage     *self,
             const AccConflict *conflict)
{
  GtkWidget *card, *label, *list;
  g_autofree char *question = NULL;

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  label = gtk_label_new (conflict->label ? conflict->label : conflict->subject_id);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "title-2");
  gtk_box_append (GTK_BOX (card), label);

  question = g_strdup_printf (ngettext ("%u desk recorded a different value. Keep the right one.",
                                        "%u desks recorded different values. Keep the right one.",
                                        conflict->facts->len),
                              conflict->facts->len);
  label = gtk_label_new (question);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (card), label);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, conflict->label,
                                  -1);
  for (guint i = 0; i < conflict->facts->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         create_fact_row (self, conflict, g_ptr_array_index (conflict->facts, i)));
  gtk_box_append (GTK_BOX (card), list);

  return card;
}

static void
rebuild (AccReviewPage *self)
{
  GtkWidget *child;
  guint n = self->conflicts ? self->conflicts->len : 0;
  g_autofree char *count = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->conflicts_box))) != NULL)
    gtk_box_remove (self->conflicts_box, child);

  for (guint i = 0; i < n; i++)
    gtk_box_append (self->conflicts_box, create_card (self, g_ptr_array_index (self->conflicts, i)));

  count = g_strdup_printf (ngettext ("%u Disagreement Between Desks",
                                     "%u Disagreements Between Desks", n), n);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), n > 0);

  gtk_stack_set_visible_child_name (self->stack,
                                    n > 0 || gtk_widget_get_visible (GTK_WIDGET (self->error_label))
                                    ? "conflicts" : "empty");
}

/* Reads the conflicts now; the cards follow in an idle, since the button that caused the
 * change may be one of them and must outlive its own signal. */
static void
reload (AccReviewPage *self)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;
  guint old_n = self->conflicts ? self->conflicts->len : 0;

  g_clear_pointer (&self->conflicts, g_ptr_array_unref);

  if (store != NULL)
    self->conflicts = acc_store_list_conflicts (store, &error);

  show_error (self, error ? error->message : NULL);

  if (old_n != acc_review_page_get_n_conflicts (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONFLICTS]);
}

static void
keep_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccReviewPage *self = ACC_REVIEW_PAGE (widget);
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  const char *fact_id = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (self->conflicts == NULL)
    return;

  /* A participant update may decide several fields; the first card that shows it is the
   * one the person sees on top. */
  for (guint i = 0; i < self->conflicts->len; i++)
    {
      const AccConflict *conflict = g_ptr_array_index (self->conflicts, i);

      for (guint j = 0; j < conflict->facts->len; j++)
        {
          const AccConflictFact *fact = g_ptr_array_index (conflict->facts, j);

          if (g_strcmp0 (fact->fact_id, fact_id) != 0)
            continue;

          if (!acc_store_resolve_conflict (store, conflict->kind, conflict->subject_id,
                                           conflict->field, fact_id, &error))
            {
              show_error (self, error->message);
              gtk_stack_set_visible_child_name (self->stack, "conflicts");
            }
          return;
        }
    }
}

static void
acc_review_page_dispose (GObject *object)
{
  AccReviewPage *self = ACC_REVIEW_PAGE (object);

  g_clear_pointer (&self->conflicts, g_ptr_array_unref);

  G_OBJECT_CLASS (acc_review_page_parent_class)->dispose (object);
}

static void
acc_review_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AccReviewPage *self = ACC_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_N_CONFLICTS:
      g_value_set_uint (value, acc_review_page_get_n_conflicts (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
acc_review_page_class_init (AccReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_review_page_dispose;
  object_class->get_property = acc_review_page_get_property;
  ACC_STORE_PAGE_CLASS (klass)->reload = (void (*) (AccStorePage *)) reload;
  ACC_STORE_PAGE_CLASS (klass)->rebuild = (void (*) (AccStorePage *)) rebuild;
  /* A document the cloud refuses is listed here. */
  ACC_STORE_PAGE_CLASS (klass)->follows_outbox = TRUE;

  /**
   * AccReviewPage:n-conflicts:
   *
   * How many subjects wait for a person to settle them.
   */
  properties[PROP_N_CONFLICTS] =
    g_param_spec_uint ("n-conflicts", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AccReviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AccReviewPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, AccReviewPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AccReviewPage, conflicts_box);

  gtk_widget_class_install_action (widget_class, "review.keep", "s", keep_action);
}

static void
acc_review_page_init (AccReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * acc_review_page_new:
 * @store: (nullable): the day's store
 */
GtkWidget *
acc_review_page_new (AccStore *store)
{
  g_return_val_if_fail (store == NULL || ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_REVIEW_PAGE,
                       "store", store,
                       NULL);
}

guint
acc_review_page_get_n_conflicts (AccReviewPage *self)
{
  g_return_val_if_fail (ACC_IS_REVIEW_PAGE (self), 0);

  return self->conflicts != NULL ? self->conflicts->len : 0;
}
