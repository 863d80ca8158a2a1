/* acc-changes-feed.h: an answer of _changes cut into pages as it arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _AccChangesFeed AccChangesFeed;

AccChangesFeed *acc_changes_feed_new       (guint            page_size);
void            acc_changes_feed_free      (AccChangesFeed  *feed);
void            acc_changes_feed_push      (AccChangesFeed  *feed,
                                            const char      *data,
                                            gsize            length);
void            acc_changes_feed_end       (AccChangesFeed  *feed);
char           *acc_changes_feed_take_page (AccChangesFeed  *feed,
                                            gsize           *length,
                                            gboolean        *last);
gsize           acc_changes_feed_get_held  (AccChangesFeed  *feed);
gboolean        acc_changes_feed_is_done   (AccChangesFeed  *feed);
char           *acc_changes_feed_dup_end   (AccChangesFeed  *feed,
                                            gsize           *length);
guint64         acc_changes_feed_get_n_changes (AccChangesFeed *feed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccChangesFeed, acc_changes_feed_free)

G_END_DECLS
