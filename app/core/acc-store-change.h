/* acc-store-change.h: what one committed transaction changed, as the screens need to know it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The kinds of rows a screen shows. */
typedef enum {
  ACC_CHANGE_ENROLLMENT,
  ACC_CHANGE_GROUP,
  ACC_CHANGE_INSTRUCTOR,
  ACC_CHANGE_PARTICIPANT,
  ACC_N_CHANGE_KINDS
} AccChangeKind;

typedef struct _AccStoreChange AccStoreChange;

#define ACC_TYPE_STORE_CHANGE (acc_store_change_get_type ())

GType           acc_store_change_get_type        (void) G_GNUC_CONST;
AccStoreChange *acc_store_change_new             (void);
AccStoreChange *acc_store_change_new_everything  (void);
AccStoreChange *acc_store_change_ref             (AccStoreChange       *self);
void            acc_store_change_unref           (AccStoreChange       *self);

void            acc_store_change_add             (AccStoreChange       *self,
                                                  AccChangeKind         kind,
                                                  const char           *id);
void            acc_store_change_add_everything  (AccStoreChange       *self);
void            acc_store_change_add_outbox      (AccStoreChange       *self);

gboolean        acc_store_change_is_everything   (const AccStoreChange *self);
gboolean        acc_store_change_is_empty        (const AccStoreChange *self);
gboolean        acc_store_change_has_outbox      (const AccStoreChange *self);
gboolean        acc_store_change_contains        (const AccStoreChange *self,
                                                  AccChangeKind         kind,
                                                  const char           *id);
guint           acc_store_change_count           (const AccStoreChange *self,
                                                  AccChangeKind         kind);
GPtrArray      *acc_store_change_dup_ids         (const AccStoreChange *self,
                                                  AccChangeKind         kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccStoreChange, acc_store_change_unref)

G_END_DECLS
