/* acc-board-page.c: the meeting-area board: a session's groups, pupils moved between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "acc-board-page.h"
#include "acc-board-private.h"
#include "acc-error.h"
#include "acc-extra-group-dialog.h"
#include "acc-group-card.h"
#include "acc-ui-util.h"

typedef enum
{
  QUESTION_NONE,
  QUESTION_REASON,     /* A drop: why the pupil moves. */
  QUESTION_FULL,       /* The target group has no place left. */
  QUESTION_CLOSE_OUT,  /* Undetermined pupils become no-shows. */
} QuestionKind;


struct _AccBoardPage
{
  AccStorePage            parent_instance;


  GPtrArray        *sessions;        /* AccSessionRow, by start time. */
  char             *session_id;      /* The session shown, or NULL when the day has none. */
  GPtrArray        *groups;          /* AccGroupRow of the session shown. */
  GHashTable       *groups_by_id;    /* The same rows, by group id. */
  GtkStringList    *group_ids;       /* The grid's model: the ids of self->groups. */
  GPtrArray        *cards;           /* The cards the grid has built and bound, unowned. */
  int               n_pupils;        /* In self->groups, for the summary. */
  guint             n_reads;         /* Times the session was read whole, for the tests. */
  GtkStringList    *session_names;
  gboolean          updating;        /* The chooser is being filled, not chosen from. */

  /* The question waiting for the person's answer, and what it is about. */
  AdwMessageDialog *question;
  QuestionKind      question_kind;
  GtkEditable      *reason_entry;
  char             *pending_enrollment_id;
  char             *pending_group_id;
  char             *pending_reason;
  char             *pending_session_id;

  /* Template widgets */
  GtkDropDown      *session_dropdown;
  GtkLabel         *summary_label;
  GtkLabel         *error_label;
  GtkStack         *stack;
  GtkGridView      *grid_view;
};

G_DEFINE_FINAL_TYPE (AccBoardPage, acc_board_page, ACC_TYPE_STORE_PAGE)

/* The reasons given most often, one tap each, as in the group dialog. */
static const struct {
  const char *response;
  const char *label;
  const char *text;
} quick_reasons[] = {
  /* Translators: a reason for moving a pupil to another group, recorded with the move. */
  { "level", N_("_Level Checked"), N_("Level checked") },
  /* Translators: a reason for moving a pupil to another group, recorded with the move. */
  { "family", N_("_Family Request"), N_("Family request") },
};

static void
show_error (AccBoardPage *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const AccSessionRow *
find_session (AccBoardPage *self,
              const char   *session_id,
              guint        *position)
{
  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const AccSessionRow *session = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (session->id, session_id) == 0)
        {
          if (position != NULL)
            *position = i;
          return session;
        }
    }

  return NULL;
}

static char *
format_session (const AccSessionRow *session)
{
  g_autofree char *time = acc_format_time (session->starts_at);

  if (time == NULL)
    return g_strdup (session->title ? session->title : "");

  /* Translators: a session in the chooser: its start time, then its title: “09:00 – Piou-Piou”. */
  return g_strdup_printf (C_("session", "%1$s – %2$s"), time,
                          session->title ? session->title : "");
}

/* Fills the chooser with @sessions (taken), keeping the one shown when it is still there. */
static void
fill_sessions (AccBoardPage *self,
               GPtrArray    *sessions)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean same;
  guint position = 0;

  for (guint i = 0; i < sessions->len; i++)
    g_ptr_array_add (names, format_session (g_ptr_array_index (sessions, i)));
  g_ptr_array_add (names, NULL);

  same = self->sessions != NULL && self->sessions->len == sessions->len;
  for (guint i = 0; same && i < sessions->len; i++)
    {
      const AccSessionRow *a = g_ptr_array_index (sessions, i);
      const AccSessionRow *b = g_ptr_array_index (self->sessions, i);

      same = g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->title, b->title) == 0
             && g_strcmp0 (a->starts_at, b->starts_at) == 0;
    }

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  self->sessions = sessions;

  /* The session shown is gone, or none was: the day's first. */
  if (find_session (self, self->session_id, NULL) == NULL)
    {
      g_clear_pointer (&self->session_id, g_free);
      if (self->sessions->len > 0)
        self->session_id = g_strdup (((AccSessionRow *) g_ptr_array_index (self->sessions, 0))->id);
    }

  self->updating = TRUE;
  if (!same)
    gtk_string_list_splice (self->session_names, 0,
                            g_list_model_get_n_items (G_LIST_MODEL (self->session_names)),
                            (const char * const *) names->pdata);
  if (find_session (self, self->session_id, &position) != NULL)
    gtk_drop_down_set_selected (self->session_dropdown, position);
  self->updating = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->session_dropdown), self->sessions->len > 1);
}

/* The grid builds a card for the groups in sight only: a large session has hundreds. */
static void
setup_card_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               AccBoardPage             *self)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));

  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_list_item_set_child (item, acc_group_card_new (store));
}

static void
bind_card_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              AccBoardPage             *self)
{
  GtkStringObject *id = gtk_list_item_get_item (item);
  const AccGroupRow *group = g_hash_table_lookup (self->groups_by_id,
                                                  gtk_string_object_get_string (id));
  GtkWidget *card = gtk_list_item_get_child (item);

  if (group != NULL)
    acc_group_card_set_group (ACC_GROUP_CARD (card), group);
  g_ptr_array_add (self->cards, card);
}

static void
unbind_card_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                AccBoardPage             *self)
{
  g_ptr_array_remove_fast (self->cards, gtk_list_item_get_child (item));
}

/* Shows the groups of self->groups. When they are the same groups as before, only the cards in
 * sight are refreshed, and the grid keeps its place. */
static void
show_groups (AccBoardPage *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->group_ids));
  gboolean same = n_shown == self->groups->len;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_hash_table_remove_all (self->groups_by_id);
  for (guint i = 0; i < self->groups->len; i++)
    {
      AccGroupRow *group = g_ptr_array_index (self->groups, i);

      g_hash_table_insert (self->groups_by_id, group->id, group);
      g_ptr_array_add (ids, group->id);
      same = same && g_strcmp0 (gtk_string_list_get_string (self->group_ids, i), group->id) == 0;
    }
  g_ptr_array_add (ids, NULL);

  if (!same)
    {
      gtk_string_list_splice (self->group_ids, 0, n_shown, (const char * const *) ids->pdata);
      return;
    }

  for (guint i = 0; i < self->cards->len; i++)
    {
      AccGroupCard *card = g_ptr_array_index (self->cards, i);
      const AccGroupRow *group = g_hash_table_lookup (self->groups_by_id,
                                                      acc_group_card_get_group_id (card));

      if (group != NULL)
        acc_group_card_set_group (card, group);
    }
}

/* The summary: the groups of the session shown, and their pupils. */
static void
show_summary (AccBoardPage *self)
{
  g_autofree char *groups_text = NULL;
  g_autofree char *pupils_text = NULL;
  g_autofree char *summary = NULL;

  groups_text = g_strdup_printf (ngettext ("%u group", "%u groups", self->groups->len),
                                 self->groups->len);
  pupils_text = g_strdup_printf (ngettext ("%d pupil", "%d pupils", self->n_pupils),
                                 self->n_pupils);
  /* Translators: the board's summary: “4 groups · 31 pupils”. */
  summary = g_strdup_printf (C_("board summary", "%1$s · %2$s"), groups_text, pupils_text);
  gtk_label_set_text (self->summary_label, self->session_id ? summary : "");
}

static void
reload (AccBoardPage *self)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;
  GPtrArray *sessions = acc_store_list_sessions (store, &error);

  self->n_reads++;
  g_hash_table_remove_all (self->groups_by_id);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  /* The chooser needs the sessions only; the groups are read for the session shown. */
  if (sessions != NULL)
    {
      fill_sessions (self, sessions);
      self->groups = self->session_id
                     ? acc_store_list_groups (store, self->session_id, &error)
                     : g_ptr_array_new_with_free_func ((GDestroyNotify) acc_group_row_free);
    }

  if (self->groups == NULL)
    {
      self->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) acc_group_row_free);
      show_groups (self);
      show_error (self, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->n_pupils = 0;
  for (guint i = 0; i < self->groups->len; i++)
    self->n_pupils += ((const AccGroupRow *) g_ptr_array_index (self->groups, i))->count;
  show_groups (self);
  show_summary (self);

  gtk_stack_set_visible_child_name (self->stack, self->groups->len > 0 ? "board" : "empty");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.close-out", self->session_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.extra-group", self->session_id != NULL);
}

/* Takes @group, read again, in the place of @shown in self->groups. */
static void
replace_group (AccBoardPage *self,
               AccGroupRow  *shown,
               AccGroupRow  *group)
{
  guint position;

  if (!g_ptr_array_find (self->groups, shown, &position))
    g_return_if_reached ();

  self->n_pupils += group->count - shown->count;
  g_hash_table_replace (self->groups_by_id, group->id, group);
  self->groups->pdata[position] = group;
  acc_group_row_free (shown);
}

/* Whether @card shows one of @participant_ids. */
static gboolean
card_shows_any (AccGroupCard *card,
                GPtrArray    *participant_ids)
{
  for (guint i = 0; i < participant_ids->len; i++)
    if (acc_group_card_shows_participant (card, g_ptr_array_index (participant_ids, i)))
      return TRUE;

  return FALSE;
}

/* Follows a change that names its rows: the groups it names in the session shown are read
 * again, one by one, and only their cards in sight are refreshed, with those in sight that
 * show a participant it names. A change of other sessions only reads one row per group it
 * names. The board reads its session whole instead (FALSE) when the change adds a group to
 * the session shown or takes one from it: the grid and the chooser change then. */
static gboolean
update (AccBoardPage   *self,
        AccStoreChange *change)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GPtrArray) group_ids = acc_store_change_dup_ids (change, ACC_CHANGE_GROUP);
  g_autoptr(GPtrArray) participant_ids = acc_store_change_dup_ids (change,
                                                                   ACC_CHANGE_PARTICIPANT);
  gboolean changed = FALSE;

  if (self->groups == NULL)
    return FALSE;

  for (guint i = 0; i < group_ids->len; i++)
    {
      const char *id = g_ptr_array_index (group_ids, i);
      AccGroupRow *shown = g_hash_table_lookup (self->groups_by_id, id);
      g_autoptr(GError) error = NULL;
      AccGroupRow *group = acc_store_get_group (store, id, &error);

      if (group == NULL)
        {
          /* A group gone from the day leaves the board alone unless it was on it. */
          if (shown != NULL || !g_error_matches (error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
            return FALSE;
          continue;
        }

      if (shown == NULL)
        {
          /* A group new to the session shown, or to a day whose board showed none. */
          gboolean show = group->session_id != NULL &&
                          (self->session_id == NULL ||
                           g_str_equal (group->session_id, self->session_id));

          acc_group_row_free (group);
          if (show)
            return FALSE;
          continue;
        }

      if (g_strcmp0 (group->session_id, self->session_id) != 0)
        {
          /* It left the session shown. */
          acc_group_row_free (group);
          return FALSE;
        }

      replace_group (self, shown, group);
      changed = TRUE;
    }

  if (!changed && participant_ids->len == 0)
    return TRUE;

  for (guint i = 0; i < self->cards->len; i++)
    {
      AccGroupCard *card = g_ptr_array_index (self->cards, i);
      const char *id = acc_group_card_get_group_id (card);
      const AccGroupRow *group = id ? g_hash_table_lookup (self->groups_by_id, id) : NULL;

      if (group != NULL &&
          (acc_store_change_contains (change, ACC_CHANGE_GROUP, id) ||
           card_shows_any (card, participant_ids)))
        acc_group_card_set_group (card, group);
    }

  if (changed)
    show_summary (self);

  return TRUE;
}

static void
session_selected_cb (AccBoardPage *self,
                     GParamSpec   *pspec,
                     GtkDropDown  *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  const AccSessionRow *session;

  if (self->updating || self->sessions == NULL || position >= self->sessions->len)
    return;

  session = g_ptr_array_index (self->sessions, position);
  if (g_strcmp0 (session->id, self->session_id) != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "board.session", "s", session->id);
}

/* Questions */

static GtkWindow *
get_parent_window (AccBoardPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
release_idle (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static void
clear_pending (AccBoardPage *self)
{
  g_clear_pointer (&self->pending_enrollment_id, g_free);
  g_clear_pointer (&self->pending_group_id, g_free);
  g_clear_pointer (&self->pending_reason, g_free);
  g_clear_pointer (&self->pending_session_id, g_free);
}

static void
drop_question (AccBoardPage *self)
{
  AdwMessageDialog *dialog = g_steal_pointer (&self->question);

  self->question_kind = QUESTION_NONE;
  self->reason_entry = NULL;

  if (dialog == NULL)
    return;

  g_signal_handlers_disconnect_by_data (dialog, self);
  /* A response given by a button has closed the question already; one given by
   * adw_message_dialog_response() has not. Its memory stays until its signal is over. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, release_idle, g_object_ref (dialog), g_object_unref);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void question_response_cb (AccBoardPage     *self,
                                  const char       *response,
                                  AdwMessageDialog *dialog);

static void
present_question (AccBoardPage     *self,
                  AdwMessageDialog *dialog,
                  QuestionKind      kind)
{
  self->question = dialog;
  self->question_kind = kind;
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (question_response_cb), self);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The group as the store has it now, in whichever session. */
static AccGroupRow *
dup_group (AccBoardPage  *self,
           const char    *group_id,
           GError       **error)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) local_error = NULL;
  AccGroupRow *group = acc_store_get_group (store, group_id, &local_error);

  if (g_error_matches (local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This group no longer exists."));
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return group;
}

static AccEnrollmentRow *
dup_enrollment (AccBoardPage  *self,
                const char    *enrollment_id,
                GError       **error)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  GError *local_error = NULL;
  AccEnrollmentRow *row = acc_store_get_enrollment (store, enrollment_id, &local_error);

  if (g_error_matches (local_error, ACC_ERROR, ACC_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("This pupil is no longer booked."));
    }
  else if (local_error != NULL)
    g_propagate_error (error, local_error);

  return row;
}

static void
do_move (AccBoardPage *self,
         const char   *enrollment_id,
         const char   *group_id,
         const char   *reason)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GError) error = NULL;

  if (!acc_store_assign_group (store, enrollment_id, group_id, reason, &error))
    show_error (self, error->message);
  else
    show_error (self, NULL);
}

/* Whether a move of @enrollment_id to @group_id is to be made: not while a question is open
 * (it comes to the front instead), nor to the group the pupil is in; the group and the pupil
 * are read into @target and @pupil. */
static gboolean
prepare_move (AccBoardPage      *self,
              const char        *enrollment_id,
              const char        *group_id,
              AccGroupRow      **target,
              AccEnrollmentRow **pupil)
{
  g_autoptr(GError) error = NULL;

  if (self->question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->question));
      return FALSE;
    }

  if ((*target = dup_group (self, group_id, &error)) == NULL
      || (*pupil = dup_enrollment (self, enrollment_id, &error)) == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }

  return g_strcmp0 ((*pupil)->group_id, group_id) != 0;
}

/* A move with its reason: written at once, unless the group has no place left. */
static void
request_move (AccBoardPage *self,
              const char   *enrollment_id,
              const char   *group_id,
              const char   *reason)
{
  g_autoptr(AccGroupRow) target = NULL;
  g_autoptr(AccEnrollmentRow) pupil = NULL;
  g_autofree char *name = NULL;
  AdwMessageDialog *dialog;

  if (!prepare_move (self, enrollment_id, group_id, &target, &pupil))
    return;

  if (target->count < target->capacity)
    {
      do_move (self, enrollment_id, group_id, reason);
      return;
    }

  name = g_strdup (pupil->first_name ? pupil->first_name : "");
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self),
                                                       _("Move to a Full Group?"), NULL));
  if (target->count > target->capacity)
    /* Translators: %1$s is the group, %2$d the pupils in it, %3$d its places, %4$s the pupil's
     * first name: “Ourson 2 is over its places (12 of 10). Move Zoé anyway?” */
    adw_message_dialog_format_body (dialog, _("%1$s is over its places (%2$d of %3$d). Move %4$s anyway?"),
                                    target->label, target->count, target->capacity, name);
  else
    /* Translators: %1$s is the group, %2$s the pupil's first name: “Ourson 2 is full. Move Zoé
     * anyway?” */
    adw_message_dialog_format_body (dialog, _("%1$s is full. Move %2$s anyway?"),
                                    target->label, name);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "move", _("_Move Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "move", ADW_RESPONSE_DESTRUCTIVE);

  clear_pending (self);
  self->pending_enrollment_id = g_strdup (enrollment_id);
  self->pending_group_id = g_strdup (group_id);
  self->pending_reason = g_strdup (reason);
  present_question (self, dialog, QUESTION_FULL);
}

static void
reason_changed_cb (AccBoardPage *self,
                   GtkEditable  *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  if (self->question != NULL)
    adw_message_dialog_set_response_enabled (self->question, "move", text[0] != '\0');
}

static void
reason_activate_cb (AccBoardPage *self,
                    GtkEntry     *entry)
{
  if (self->question != NULL
      && adw_message_dialog_get_response_enabled (self->question, "move"))
    adw_message_dialog_response (self->question, "move");
}

/* A drop: ask why, then move as board.move does. */
static void
ask_reason (AccBoardPage *self,
            const char   *enrollment_id,
            const char   *group_id)
{
  g_autoptr(AccGroupRow) target = NULL;
  g_autoptr(AccEnrollmentRow) pupil = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  if (!prepare_move (self, enrollment_id, group_id, &target, &pupil))
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), NULL, NULL));
  /* Translators: %1$s is the pupil's first name, %2$s the group: “Move Zoé to Ourson 2?” */
  adw_message_dialog_format_heading (dialog, _("Move %1$s to %2$s?"),
                                     pupil->first_name ? pupil->first_name : "", target->label);
  adw_message_dialog_set_body (dialog, _("Say why: the reason is recorded with the move."));

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_widget_set_size_request (entry, -1, 48);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for the move"),
                                  -1);
  adw_message_dialog_set_extra_child (dialog, entry);

  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  for (guint i = 0; i < G_N_ELEMENTS (quick_reasons); i++)
    adw_message_dialog_add_response (dialog, quick_reasons[i].response,
                                     _(quick_reasons[i].label));
  adw_message_dialog_add_response (dialog, "move", _("_Move"));
  adw_message_dialog_set_response_appearance (dialog, "move", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "move", FALSE);

  clear_pending (self);
  self->pending_enrollment_id = g_strdup (enrollment_id);
  self->pending_group_id = g_strdup (group_id);
  self->reason_entry = GTK_EDITABLE (entry);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (reason_changed_cb), self);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (reason_activate_cb), self);
  present_question (self, dialog, QUESTION_REASON);
  gtk_widget_grab_focus (entry);
}

static guint
count_undetermined (AccBoardPage  *self,
                    const char    *session_id,
                    GError       **error)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  g_autoptr(GPtrArray) rows = acc_store_list_enrollments_of_session (store, session_id, error);
  guint n = 0;

  if (rows == NULL)
    return G_MAXUINT;

  for (guint i = 0; i < rows->len; i++)
    {
      const AccEnrollmentRow *row = g_ptr_array_index (rows, i);

      if (row->status != ACC_ENROLLMENT_STATUS_CANCELLED
          && row->attendance == ACC_ATTENDANCE_UNDETERMINED)
        n++;
    }

  return n;
}

static void
ask_close_out (AccBoardPage *self)
{
  g_autoptr(GError) error = NULL;
  const AccSessionRow *session = find_session (self, self->session_id, NULL);
  g_autofree char *name = NULL;
  AdwMessageDialog *dialog;
  guint n;

  if (self->question != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->question));
      return;
    }

  if (session == NULL)
    return;

  n = count_undetermined (self, session->id, &error);
  if (n == G_MAXUINT)
    {
      show_error (self, error->message);
      return;
    }

  name = format_session (session);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_parent_window (self), NULL, NULL));
  /* Translators: %s is the session: “Close Check-In for 09:00 – Piou-Piou?” */
  adw_message_dialog_format_heading (dialog, _("Close Check-In for %s?"), name);
  if (n == 0)
    adw_message_dialog_set_body (dialog, _("Every pupil of this session is marked: no one will "
                                           "become a no-show."));
  else
    adw_message_dialog_format_body (dialog,
                                    ngettext ("%u pupil not marked yet will become a no-show, "
                                              "and their place will be freed.",
                                              "%u pupils not marked yet will become no-shows, "
                                              "and their places will be freed.", n),
                                    n);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "close-out", _("C_lose Check-In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "close-out", ADW_RESPONSE_DESTRUCTIVE);

  clear_pending (self);
  self->pending_session_id = g_strdup (session->id);
  present_question (self, dialog, QUESTION_CLOSE_OUT);
}

static void
question_response_cb (AccBoardPage     *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));
  QuestionKind kind = self->question_kind;
  g_autofree char *enrollment_id = g_steal_pointer (&self->pending_enrollment_id);
  g_autofree char *group_id = g_steal_pointer (&self->pending_group_id);
  g_autofree char *reason = g_steal_pointer (&self->pending_reason);
  g_autofree char *session_id = g_steal_pointer (&self->pending_session_id);
  g_autoptr(GError) error = NULL;

  if (kind == QUESTION_REASON && self->reason_entry != NULL)
    reason = g_strstrip (g_strdup (gtk_editable_get_text (self->reason_entry)));

  drop_question (self);

  if (g_strcmp0 (response, "cancel") == 0)
    return;

  switch (kind)
    {
    case QUESTION_REASON:
      for (guint i = 0; i < G_N_ELEMENTS (quick_reasons); i++)
        if (g_strcmp0 (response, quick_reasons[i].response) == 0)
          {
            g_free (reason);
            reason = g_strdup (_(quick_reasons[i].text));
          }
      if (reason != NULL && reason[0] != '\0')
        request_move (self, enrollment_id, group_id, reason);
      break;

    case QUESTION_FULL:
      if (g_strcmp0 (response, "move") == 0)
        do_move (self, enrollment_id, group_id, reason);
      break;

    case QUESTION_CLOSE_OUT:
      if (g_strcmp0 (response, "close-out") == 0)
        {
          if (!acc_store_close_out (store, session_id, &error))
            show_error (self, error->message);
          else
            show_error (self, NULL);
        }
      break;

    case QUESTION_NONE:
    default:
      break;
    }
}

/* Actions */

static void
session_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  AccBoardPage *self = ACC_BOARD_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);

  if (find_session (self, id, NULL) == NULL || g_strcmp0 (id, self->session_id) == 0)
    return;

  g_free (self->session_id);
  self->session_id = g_strdup (id);
  show_error (self, NULL);
  reload (self);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccBoardPage *self = ACC_BOARD_PAGE (widget);
  const char *enrollment_id, *group_id, *reason;

  g_variant_get (parameter, "(&s&s&s)", &enrollment_id, &group_id, &reason);
  if (acc_is_empty (reason))
    {
      show_error (self, _("Say why the pupil moves: the reason is recorded with the move."));
      return;
    }

  request_move (self, enrollment_id, group_id, reason);
}

static void
drop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  AccBoardPage *self = ACC_BOARD_PAGE (widget);
  const char *enrollment_id, *group_id;

  g_variant_get (parameter, "(&s&s)", &enrollment_id, &group_id);
  ask_reason (self, enrollment_id, group_id);
}

static void
close_out_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ask_close_out (ACC_BOARD_PAGE (widget));
}

static void
extra_group_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AccBoardPage *self = ACC_BOARD_PAGE (widget);
  AccStore *store = acc_store_page_get_store (ACC_STORE_PAGE (self));

  if (self->session_id != NULL)
    acc_edit_dialog_present (widget, ACC_TYPE_EXTRA_GROUP_DIALOG, store, self->session_id);
}

/* GObject */

static void
acc_board_page_dispose (GObject *object)
{
  AccBoardPage *self = ACC_BOARD_PAGE (object);

  drop_question (self);

  G_OBJECT_CLASS (acc_board_page_parent_class)->dispose (object);
}

static void
acc_board_page_finalize (GObject *object)
{
  AccBoardPage *self = ACC_BOARD_PAGE (object);

  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->groups_by_id, g_hash_table_unref);
  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_free (self->session_id);
  clear_pending (self);

  G_OBJECT_CLASS (acc_board_page_parent_class)->finalize (object);
}

static void
acc_board_page_class_init (AccBoardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = acc_board_page_dispose;
  object_class->finalize = acc_board_page_finalize;
  ACC_STORE_PAGE_CLASS (klass)->reload = (void (*) (AccStorePage *)) reload;
  ACC_STORE_PAGE_CLASS (klass)->update = (gboolean (*) (AccStorePage *, AccStoreChange *)) update;

  g_type_ensure (ACC_TYPE_GROUP_CARD);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/accueil/Accueil/ui/acc-board-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AccBoardPage, session_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AccBoardPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, AccBoardPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, AccBoardPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AccBoardPage, grid_view);
  gtk_widget_class_bind_template_callback (widget_class, session_selected_cb);

  gtk_widget_class_install_action (widget_class, "board.session", "s", session_action);
  gtk_widget_class_install_action (widget_class, "board.move", "(sss)", move_action);
  gtk_widget_class_install_action (widget_class, "board.drop", "(ss)", drop_action);
  gtk_widget_class_install_action (widget_class, "board.close-out", NULL, close_out_action);
  gtk_widget_class_install_action (widget_class, "board.extra-group", NULL, extra_group_action);
}

static void
acc_board_page_init (AccBoardPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->session_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->session_dropdown, G_LIST_MODEL (self->session_names));
  g_object_unref (self->session_names);

  self->groups_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->cards = g_ptr_array_new ();
  self->group_ids = gtk_string_list_new (NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (self->group_ids));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_object_unref (factory);
}

/**
 * acc_board_page_new:
 * @store: the day's store
 *
 * Returns: (transfer floating): the board of the day's first session
 */
GtkWidget *
acc_board_page_new (AccStore *store)
{
  g_return_val_if_fail (ACC_IS_STORE (store), NULL);

  return g_object_new (ACC_TYPE_BOARD_PAGE, "store", store, NULL);
}

const char *
acc_board_page_get_session (AccBoardPage *self)
{
  g_return_val_if_fail (ACC_IS_BOARD_PAGE (self), NULL);

  return self->session_id;
}

/**
 * acc_board_page_get_question:
 *
 * Returns: (transfer none) (nullable): the question shown while it waits for an answer
 */
AdwMessageDialog *
acc_board_page_get_question (AccBoardPage *self)
{
  g_return_val_if_fail (ACC_IS_BOARD_PAGE (self), NULL);

  return self->question;
}

guint
acc_board_page_get_n_cards (AccBoardPage *self)
{
  g_return_val_if_fail (ACC_IS_BOARD_PAGE (self), 0);

  return self->groups ? self->groups->len : 0;
}

/**
 * acc_board_page_get_card:
 *
 * Returns: (transfer none) (nullable): the card of @group_id in the session shown, if the
 *   grid has built it (it builds the cards in sight)
 */
AccGroupCard *
acc_board_page_get_card (AccBoardPage *self,
                         const char   *group_id)
{
  g_return_val_if_fail (ACC_IS_BOARD_PAGE (self), NULL);

  for (guint i = 0; i < self->cards->len; i++)
    {
      AccGroupCard *card = g_ptr_array_index (self->cards, i);

      if (g_strcmp0 (acc_group_card_get_group_id (card), group_id) == 0)
        return card;
    }

  return NULL;
}

guint
acc_board_page_get_n_reads (AccBoardPage *self)
{
  g_return_val_if_fail (ACC_IS_BOARD_PAGE (self), 0);

  return self->n_reads;
}
