/* acc-store-sql.c: the schema and statements of the day's replica
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "accueil-store"

#include "config.h"

#include "acc-store-private.h"

/* Migrations, applied in order, each in its own transaction; migration N leaves the database
 * at PRAGMA user_version N. */
const char * const acc_store_migrations[] = {
  /* 1: documents with their leaf revisions, projections, and the derivation of facts. */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  /* The winning revision of every document; problem is why it could not be used, if so. */
  "CREATE TABLE doc ("
  "  id TEXT PRIMARY KEY, rev TEXT NOT NULL, type TEXT NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0, local INTEGER NOT NULL DEFAULT 0,"
  "  pending INTEGER NOT NULL DEFAULT 0, written_at INTEGER NOT NULL, problem TEXT,"
  "  refused TEXT) WITHOUT ROWID;"
  "CREATE INDEX doc_pending ON doc (written_at) WHERE pending = 1;"
  "CREATE INDEX doc_problem ON doc (id) WHERE problem IS NOT NULL OR refused IS NOT NULL;"
  /* Every leaf revision, the winner included; its body as the cloud sent it, or in canonical
   * form (acc_document_to_canonical()) when written at this desk or received as a tree. */
  "CREATE TABLE doc_leaf ("
  "  id TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL, body TEXT NOT NULL,"
  "  PRIMARY KEY (id, rev)) WITHOUT ROWID;"
  /* Projections of planning documents, with derived columns where noted. */
  "CREATE TABLE school (id TEXT PRIMARY KEY, name TEXT, timezone TEXT, locale TEXT,"
  "  level_scale TEXT) WITHOUT ROWID;"
  "CREATE TABLE level (id TEXT PRIMARY KEY, code TEXT, label TEXT, ord INTEGER,"
  "  discipline TEXT, min_age INTEGER, max_age INTEGER) WITHOUT ROWID;"
  "CREATE TABLE meeting_point (id TEXT PRIMARY KEY, name TEXT, description TEXT) WITHOUT ROWID;"
  "CREATE TABLE instructor (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, phone TEXT,"
  "  languages TEXT, disciplines TEXT, max_level_order INTEGER, on_call INTEGER) WITHOUT ROWID;"
  "CREATE TABLE session (id TEXT PRIMARY KEY, title TEXT, discipline TEXT, kind TEXT,"
  "  starts_at TEXT, ends_at TEXT, meeting_point_id TEXT) WITHOUT ROWID;"
  /* instructor_id is derived: planned_instructor_id unless an assign_instructor fact says. */
  "CREATE TABLE grp (id TEXT PRIMARY KEY, session_id TEXT, level_id TEXT,"
  "  planned_instructor_id TEXT, instructor_id TEXT, capacity INTEGER, label TEXT,"
  "  meeting_point_id TEXT) WITHOUT ROWID;"
  "CREATE INDEX grp_session ON grp (session_id);"
  "CREATE TABLE customer (id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, phone TEXT,"
  "  email TEXT, language TEXT) WITHOUT ROWID;"
  "CREATE TABLE booking (id TEXT PRIMARY KEY, reference TEXT, reference_key TEXT,"
  "  customer_id TEXT, balance_due_cents INTEGER, currency TEXT, notes TEXT) WITHOUT ROWID;"
  "CREATE INDEX booking_reference ON booking (reference_key);"
  "CREATE INDEX booking_customer ON booking (customer_id);"
  /* Derived: the document's fields with participant_update facts applied. */
  "CREATE TABLE participant (id TEXT PRIMARY KEY, booking_id TEXT, first_name TEXT,"
  "  last_name TEXT, birth_year INTEGER, level_id TEXT, allergies TEXT, medical_notes TEXT,"
  "  emergency_phone TEXT, pickup_adults TEXT, placeholder INTEGER) WITHOUT ROWID;"
  "CREATE INDEX participant_booking ON participant (booking_id);"
  /* group_id, checked_in, attendance and n_conflicts are derived from facts. */
  "CREATE TABLE enrollment (id TEXT PRIMARY KEY, participant_id TEXT, session_id TEXT,"
  "  booking_id TEXT, planned_group_id TEXT, status TEXT, group_id TEXT,"
  "  checked_in INTEGER NOT NULL DEFAULT 0, attendance TEXT NOT NULL DEFAULT 'undetermined',"
  "  n_conflicts INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE INDEX enrollment_participant ON enrollment (participant_id);"
  "CREATE INDEX enrollment_session ON enrollment (session_id);"
  "CREATE INDEX enrollment_booking ON enrollment (booking_id);"
  "CREATE INDEX enrollment_group ON enrollment (group_id);"
  /* Folded words, booking references and reversed phone digits ('#' first) of each
   * participant: a prefix search is one range of this index. */
  "CREATE TABLE search_term (term TEXT NOT NULL, participant_id TEXT NOT NULL,"
  "  PRIMARY KEY (term, participant_id)) WITHOUT ROWID;"
  "CREATE INDEX search_term_participant ON search_term (participant_id, term);"
  /* What each fact says about each subject, and whether another fact replaced it. */
  "CREATE TABLE fact_subject (kind TEXT NOT NULL, subject_id TEXT NOT NULL,"
  "  field TEXT NOT NULL, fact_id TEXT NOT NULL, value TEXT NOT NULL, hlc TEXT NOT NULL,"
  "  superseded INTEGER NOT NULL, device_id TEXT, staff TEXT, at TEXT,"
  "  PRIMARY KEY (kind, subject_id, field, fact_id)) WITHOUT ROWID;"
  "CREATE INDEX fact_subject_fact ON fact_subject (fact_id);"
  "CREATE INDEX fact_subject_hlc ON fact_subject (hlc);"
  "CREATE TABLE supersession (superseded_id TEXT NOT NULL, fact_id TEXT NOT NULL,"
  "  PRIMARY KEY (superseded_id, fact_id)) WITHOUT ROWID;"
  "CREATE INDEX supersession_fact ON supersession (fact_id);"
  /* The current value of each subject: the greatest hlc among the facts nobody superseded. */
  "CREATE TABLE subject_state (kind TEXT NOT NULL, subject_id TEXT NOT NULL,"
  "  field TEXT NOT NULL, value TEXT NOT NULL, fact_id TEXT NOT NULL, hlc TEXT NOT NULL,"
  "  n_current INTEGER NOT NULL, conflict INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, subject_id, field)) WITHOUT ROWID;"
  "CREATE INDEX subject_state_conflict ON subject_state (kind, subject_id) WHERE conflict = 1;",
  /* 2: participants whose search terms wait for the end of a pull (ACC_PUT_MORE_COMING). */
  "CREATE TABLE stale_terms (participant_id TEXT PRIMARY KEY) WITHOUT ROWID;",
  /* 3: an instructor's groups, and whether they lead one in a session, without reading every
   * group of the day (the roll-call asks it for each instructor and each candidate). */
  "CREATE INDEX grp_instructor ON grp (instructor_id, session_id);",
  /* 4: bookings, participants and enrollments are indexed by the ids of other documents,
   * which come in random order: as rowid tables, each entry of those indexes ends with a
   * rowid instead of the row's 36-character id, and a pull's batches rewrite a third fewer
   * pages. */
  "CREATE TABLE booking_4 (id TEXT PRIMARY KEY, reference TEXT, reference_key TEXT,"
  "  customer_id TEXT, balance_due_cents INTEGER, currency TEXT, notes TEXT);"
  "INSERT INTO booking_4 SELECT * FROM booking;"
  "DROP TABLE booking;"
  "ALTER TABLE booking_4 RENAME TO booking;"
  "CREATE INDEX booking_reference ON booking (reference_key);"
  "CREATE INDEX booking_customer ON booking (customer_id);"
  "CREATE TABLE participant_4 (id TEXT PRIMARY KEY, booking_id TEXT, first_name TEXT,"
  "  last_name TEXT, birth_year INTEGER, level_id TEXT, allergies TEXT, medical_notes TEXT,"
  "  emergency_phone TEXT, pickup_adults TEXT, placeholder INTEGER);"
  "INSERT INTO participant_4 SELECT * FROM participant;"
  "DROP TABLE participant;"
  "ALTER TABLE participant_4 RENAME TO participant;"
  "CREATE INDEX participant_booking ON participant (booking_id);"
  "CREATE TABLE enrollment_4 (id TEXT PRIMARY KEY, participant_id TEXT, session_id TEXT,"
  "  booking_id TEXT, planned_group_id TEXT, status TEXT, group_id TEXT,"
  "  checked_in INTEGER NOT NULL DEFAULT 0, attendance TEXT NOT NULL DEFAULT 'undetermined',"
  "  n_conflicts INTEGER NOT NULL DEFAULT 0);"
  "INSERT INTO enrollment_4 SELECT * FROM enrollment;"
  "DROP TABLE enrollment;"
  "ALTER TABLE enrollment_4 RENAME TO enrollment;"
  "CREATE INDEX enrollment_participant ON enrollment (participant_id);"
  "CREATE INDEX enrollment_session ON enrollment (session_id);"
  "CREATE INDEX enrollment_booking ON enrollment (booking_id);"
  "CREATE INDEX enrollment_group ON enrollment (group_id);",
  /* 5: search terms name their participant by a number of its own (n, which VACUUM keeps
   * and a new revision of the participant does not change), not by its id: the terms of a
   * pull's batch land all over their two indexes, which are a third as large this way. */
  "CREATE TABLE participant_5 (id TEXT NOT NULL UNIQUE, booking_id TEXT, first_name TEXT,"
  "  last_name TEXT, birth_year INTEGER, level_id TEXT, allergies TEXT, medical_notes TEXT,"
  "  emergency_phone TEXT, pickup_adults TEXT, placeholder INTEGER, n INTEGER PRIMARY KEY);"
  "INSERT INTO participant_5 SELECT *, NULL FROM participant ORDER BY id;"
  "DROP TABLE participant;"
  "ALTER TABLE participant_5 RENAME TO participant;"
  "CREATE INDEX participant_booking ON participant (booking_id);"
  "CREATE TABLE search_term_5 (term TEXT NOT NULL, participant INTEGER NOT NULL,"
  "  PRIMARY KEY (term, participant)) WITHOUT ROWID;"
  "INSERT INTO search_term_5 SELECT t.term, p.n FROM search_term t"
  "  JOIN participant p ON p.id = t.participant_id;"
  "DROP TABLE search_term;"
  "ALTER TABLE search_term_5 RENAME TO search_term;"
  "CREATE INDEX search_term_participant ON search_term (participant, term);",
  /* 6: a participant's n is a number made from its id (acc_participant_key ()), the same on
   * every replica: a search that has more matches than it returns keeps the first by term,
   * then by n, in the order of the index, and two replicas return the same ones. */
  "CREATE TABLE participant_6 (id TEXT NOT NULL UNIQUE, booking_id TEXT, first_name TEXT,"
  "  last_name TEXT, birth_year INTEGER, level_id TEXT, allergies TEXT, medical_notes TEXT,"
  "  emergency_phone TEXT, pickup_adults TEXT, placeholder INTEGER, n INTEGER PRIMARY KEY);"
  "INSERT INTO participant_6 SELECT id, booking_id, first_name, last_name, birth_year,"
  "  level_id, allergies, medical_notes, emergency_phone, pickup_adults, placeholder,"
  "  acc_participant_key (id) FROM participant;"
  "CREATE TABLE search_term_6 (term TEXT NOT NULL, participant INTEGER NOT NULL,"
  "  PRIMARY KEY (term, participant)) WITHOUT ROWID;"
  "INSERT INTO search_term_6 SELECT t.term, acc_participant_key (p.id) FROM search_term t"
  "  JOIN participant p ON p.n = t.participant;"
  "DROP TABLE search_term;"
  "DROP TABLE participant;"
  "ALTER TABLE participant_6 RENAME TO participant;"
  "ALTER TABLE search_term_6 RENAME TO search_term;"
  "CREATE INDEX participant_booking ON participant (booking_id);"
  "CREATE INDEX search_term_participant ON search_term (participant, term);",
  /* 7: every document's local update sequence, for the desk's peers (_changes?since=N is one
   * range of the index). Every change of a document's leaves gets it the next number, in the
   * transaction that stores it, whatever path stores a revision (the cloud, a peer, this
   * desk): writing the document's row (it is new, its winner changed, it is kept for review)
   * numbers it, a leaf added that does not win numbers it (acc-store-documents.c), and so does
   * a leaf removed, by the trigger. New numbers are always the greatest: the index grows at
   * its end. Documents held already are numbered in the order of their ids. */
  "ALTER TABLE doc ADD COLUMN seq INTEGER;"
  "UPDATE doc SET seq = n.rn FROM (SELECT id, row_number () OVER (ORDER BY id) AS rn FROM doc) n"
  "  WHERE n.id = doc.id;"
  "CREATE INDEX doc_seq ON doc (seq);"
  "CREATE TRIGGER doc_leaf_deleted AFTER DELETE ON doc_leaf BEGIN"
  "  UPDATE doc SET seq = (SELECT max (seq) FROM doc) + 1 WHERE id = OLD.id; END;",
  /* 8: a leaf's ancestors, as its _revisions named them when it came (a JSON array of their
   * hashes, newest first; NULL when none was named), so that the desk serves its peers the
   * history it received: without it, a desk holding an older revision could not tell the
   * newer one followed it, and would keep both as a conflict. */
  "ALTER TABLE doc_leaf ADD COLUMN ancestors TEXT;",
  /* 9: an enrollment's status is derived, as its group is: planned_status is the document's,
   * status the enrollment_status fact's when one decides it. No such fact existed before. */
  ("ALTER TABLE enrollment ADD COLUMN planned_status TEXT;"
   "UPDATE enrollment SET planned_status = status;"),
};

const guint acc_store_n_migrations = G_N_ELEMENTS (acc_store_migrations);

#define JSON_STATE(k, alias) \
  "(SELECT json_extract (s.value, '$') FROM subject_state s WHERE s.kind = '" k "'" \
  " AND s.subject_id = " alias ".id AND s.field = '')"

#define REFRESH_ENROLLMENT \
  "UPDATE enrollment SET" \
  " group_id = COALESCE (" JSON_STATE ("group", "enrollment") ", planned_group_id)," \
  " status = COALESCE (" JSON_STATE ("enrollment_status", "enrollment") ", planned_status)," \
  " checked_in = COALESCE (" JSON_STATE ("checkin", "enrollment") ", 0)," \
  " attendance = (SELECT CASE WHEN a.v IS NULL OR a.v = 'undetermined' THEN" \
  "   CASE WHEN EXISTS (SELECT 1 FROM subject_state c WHERE c.kind = 'close_out'" \
  "     AND c.subject_id = enrollment.session_id AND c.field = '')" \
  "   THEN 'no_show' ELSE 'undetermined' END ELSE a.v END" \
  "   FROM (SELECT " JSON_STATE ("attendance", "enrollment") " AS v) AS a)," \
  " n_conflicts = (SELECT count(*) FROM subject_state s WHERE s.subject_id = enrollment.id" \
  "   AND s.kind IN ('checkin', 'group', 'attendance', 'enrollment_status')" \
  "   AND s.conflict = 1)"

#define PERSON_NAME(t) \
  "CASE WHEN " t ".id IS NULL THEN NULL ELSE trim (coalesce (" t ".first_name, '') || ' ' ||" \
  " coalesce (" t ".last_name, '')) END"

/* The columns read by read_row(), in order. */
#define ROW_SELECT \
  "SELECT e.id, e.booking_id, b.reference, e.participant_id, p.first_name, p.last_name," \
  " " PERSON_NAME ("c") "," \
  " e.session_id, s.title, s.starts_at, s.ends_at, coalesce (gmp.name, smp.name)," \
  " e.group_id, g.label, g.instructor_id, " PERSON_NAME ("i") "," \
  " coalesce (gl.code, pl.code), p.level_id, pl.label, p.birth_year, p.allergies," \
  " p.medical_notes, p.emergency_phone," \
  " (SELECT group_concat (j.value, char (10)) FROM json_each (p.pickup_adults) j)," \
  " e.status, e.checked_in, p.placeholder, e.attendance, e.n_conflicts" \
  " FROM enrollment e" \
  " LEFT JOIN participant p ON p.id = e.participant_id" \
  " LEFT JOIN booking b ON b.id = e.booking_id" \
  " LEFT JOIN customer c ON c.id = b.customer_id" \
  " LEFT JOIN session s ON s.id = e.session_id" \
  " LEFT JOIN grp g ON g.id = e.group_id" \
  " LEFT JOIN level gl ON gl.id = g.level_id" \
  " LEFT JOIN level pl ON pl.id = p.level_id" \
  " LEFT JOIN meeting_point gmp ON gmp.id = g.meeting_point_id" \
  " LEFT JOIN meeting_point smp ON smp.id = s.meeting_point_id" \
  " LEFT JOIN instructor i ON i.id = g.instructor_id"

#define INSTRUCTOR_STATE(i) \
  "(SELECT json_extract (st.value, '$') FROM subject_state st" \
  " WHERE st.kind = 'instructor_attendance' AND st.subject_id = " i ".id AND st.field = '')"

/* The columns read by read_instructor(), in order. */
#define INSTRUCTOR_SELECT \
  "SELECT i.id, i.first_name, i.last_name, i.on_call," \
  " (SELECT group_concat (d.value, char (10)) FROM json_each (i.disciplines) d)," \
  " i.max_level_order, " INSTRUCTOR_STATE ("i") "," \
  " (SELECT count(*) FROM grp g WHERE g.instructor_id = i.id)"

#define GROUP_COUNT(g) \
  "(SELECT count(*) FROM enrollment x WHERE x.group_id = " g ".id AND x.status != 'cancelled')"
#define GROUP_COUNT_IF(g, cond) \
  "(SELECT count(*) FROM enrollment x WHERE x.group_id = " g ".id AND x.status != 'cancelled'" \
  " AND " cond ")"

/* The columns read by read_group(), in order. */
#define GROUP_SELECT \
  "SELECT g.id, g.session_id, g.label, g.level_id, l.code, l.label," \
  " l.ord, g.instructor_id, " PERSON_NAME ("i") "," \
  " coalesce (mp.name, smp.name), g.capacity, " GROUP_COUNT ("g") "," \
  " s.title, s.starts_at, coalesce (s.discipline, l.discipline), " INSTRUCTOR_STATE ("i") "," \
  " " GROUP_COUNT_IF ("g", "x.checked_in = 1") "," \
  " " GROUP_COUNT_IF ("g", "x.attendance = 'no_show'") \
  " FROM grp g LEFT JOIN level l ON l.id = g.level_id" \
  " LEFT JOIN instructor i ON i.id = g.instructor_id" \
  " LEFT JOIN meeting_point mp ON mp.id = g.meeting_point_id" \
  " LEFT JOIN session s ON s.id = g.session_id" \
  " LEFT JOIN meeting_point smp ON smp.id = s.meeting_point_id"

/* The group the desk suggests in @session for @level: a place left (@count counts the places
 * taken), then the fewest pupils. */
#define SUGGEST_GROUP(session, level, count) \
  "SELECT g.id FROM grp g WHERE g.session_id = " session " AND g.level_id = " level \
  " AND g.capacity > " count " ORDER BY " count ", g.label, g.id LIMIT 1"

#define SEARCH_RANGE(t) t ".term >= ? AND " t ".term < ?"
#define SEARCH_ALSO(t) \
  " AND EXISTS (SELECT 1 FROM search_term " t " WHERE " t ".participant = t1.participant" \
  " AND " SEARCH_RANGE (t) ")"
#define SEARCH_HEAD "SELECT DISTINCT p.id FROM search_term t1" \
  " JOIN participant p ON p.n = t1.participant WHERE " \
  SEARCH_RANGE ("t1")

const char * const acc_store_statements[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_META_GET] = "SELECT value FROM meta WHERE key = ?1",
  [STMT_META_SET] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
  [STMT_META_KEYS] = "SELECT key FROM meta WHERE substr (key, 1, length (?1)) = ?1 ORDER BY key",
  [STMT_DOC_GET] = "SELECT rev, type, deleted FROM doc WHERE id = ?1",
  [STMT_DOC_BODY] = "SELECT l.body, d.rev, d.type, d.deleted FROM doc d"
                    " JOIN doc_leaf l ON l.id = d.id AND l.rev = d.rev"
                    " WHERE d.id = ?1 AND d.problem IS NULL",
  [STMT_DOC_ANY] = "SELECT l.body, d.rev FROM doc d"
                   " JOIN doc_leaf l ON l.id = d.id AND l.rev = d.rev WHERE d.id = ?1",
  [STMT_DOC_UPSERT] = "INSERT OR REPLACE INTO doc (id, rev, type, deleted, local, pending,"
                      " written_at, problem, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                      " (SELECT coalesce (max (seq), 0) + 1 FROM doc))",
  /* Writes nothing for a document held already: sqlite3_changes () says which. */
  [STMT_DOC_INSERT_NEW] = "INSERT INTO doc (id, rev, type, deleted, local, pending, written_at,"
                          " problem, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                          " (SELECT coalesce (max (seq), 0) + 1 FROM doc))"
                          " ON CONFLICT (id) DO NOTHING",
  [STMT_LEAF_EXISTS] = "SELECT 1 FROM doc_leaf WHERE id = ?1 AND rev = ?2",
  [STMT_LEAF_INSERT] = "INSERT INTO doc_leaf (id, rev, deleted, body, ancestors)"
                       " VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_LEAF_DELETE] = "DELETE FROM doc_leaf WHERE id = ?1 AND rev = ?2",
  [STMT_LEAF_DELETE_OLDER] = "DELETE FROM doc_leaf WHERE id = ?1"
                             " AND CAST (substr (rev, 1, instr (rev, '-') - 1) AS INTEGER) < ?2",
  [STMT_LEAF_LIST] = "SELECT rev, deleted FROM doc_leaf WHERE id = ?1",
  [STMT_DOC_NEXT_SEQ] = "UPDATE doc SET seq = (SELECT max (seq) FROM doc) + 1 WHERE id = ?1",
  [STMT_SCHOOL_PUT] = "INSERT OR REPLACE INTO school VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_LEVEL_PUT] = "INSERT OR REPLACE INTO level VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_MEETING_POINT_PUT] = "INSERT OR REPLACE INTO meeting_point VALUES (?1, ?2, ?3)",
  [STMT_INSTRUCTOR_PUT] = "INSERT OR REPLACE INTO instructor"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_SESSION_PUT] = "INSERT OR REPLACE INTO session VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_GROUP_PUT] = "INSERT OR REPLACE INTO grp VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)",
  [STMT_CUSTOMER_PUT] = "INSERT OR REPLACE INTO customer VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_BOOKING_PUT] = "INSERT OR REPLACE INTO booking VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  /* An update, not a replacement, keeps the participant's n. */
  [STMT_PARTICIPANT_PUT] = "INSERT INTO participant (id, booking_id, first_name, last_name,"
                           " birth_year, level_id, allergies, medical_notes, emergency_phone,"
                           " pickup_adults, placeholder, n)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
                           " acc_participant_key (?1))"
                           " ON CONFLICT (id) DO UPDATE SET booking_id = ?2, first_name = ?3,"
                           " last_name = ?4, birth_year = ?5, level_id = ?6, allergies = ?7,"
                           " medical_notes = ?8, emergency_phone = ?9, pickup_adults = ?10,"
                           " placeholder = ?11",
  [STMT_ENROLLMENT_PUT] = "INSERT OR REPLACE INTO enrollment (id, participant_id, session_id,"
                          " booking_id, planned_group_id, planned_status, group_id, status)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
  [STMT_REFRESH_ENROLLMENT] = REFRESH_ENROLLMENT " WHERE id = ?1",
  /* Whether a fact concerns the enrollment (the derived columns differ from the plan). */
  [STMT_ENROLLMENT_HAS_STATE] = "SELECT 1 FROM subject_state WHERE subject_id = ?1"
                                " AND kind IN ('checkin', 'group', 'attendance',"
                                " 'enrollment_status')"
                                " UNION ALL SELECT 1 FROM subject_state"
                                " WHERE kind = 'close_out' AND subject_id = ?2 LIMIT 1",
  [STMT_REFRESH_SESSION_ENROLLMENTS] = REFRESH_ENROLLMENT " WHERE session_id = ?1",
  [STMT_REFRESH_GROUP] = "UPDATE grp SET instructor_id = (SELECT CASE WHEN s.kind IS NULL"
                         " THEN grp.planned_instructor_id"
                         " ELSE json_extract (s.value, '$') END"
                         " FROM (SELECT 1) LEFT JOIN subject_state s"
                         " ON s.kind = 'group_instructor' AND s.subject_id = grp.id"
                         " AND s.field = '') WHERE id = ?1",
  [STMT_PARTICIPANT_STATE] = "SELECT field, value FROM subject_state"
                             " WHERE kind = 'participant' AND subject_id = ?1",
  [STMT_PARTICIPANTS_OF_BOOKING] = "SELECT id FROM participant WHERE booking_id = ?1",
  [STMT_PARTICIPANTS_OF_CUSTOMER] = "SELECT p.id FROM booking b"
                                    " JOIN participant p ON p.booking_id = b.id"
                                    " WHERE b.customer_id = ?1",
  [STMT_TERMS_DELETE] = "DELETE FROM search_term"
                        " WHERE participant = (SELECT n FROM participant WHERE id = ?1)",
  [STMT_TERMS_SOURCE] = "SELECT p.first_name, p.last_name, b.reference, c.first_name,"
                        " c.last_name, c.phone, p.emergency_phone,"
                        /* Whether the booking and the customer it names are here. */
                        " p.booking_id IS NULL OR (b.id IS NOT NULL"
                        " AND (b.customer_id IS NULL OR c.id IS NOT NULL)), p.n"
                        " FROM participant p"
                        " LEFT JOIN booking b ON b.id = p.booking_id"
                        " LEFT JOIN customer c ON c.id = b.customer_id WHERE p.id = ?1",
  [STMT_TERM_INSERT] = "INSERT OR IGNORE INTO search_term (term, participant) VALUES (?1, ?2)",
  [STMT_FACT_SUBJECT_PUT] = "INSERT OR REPLACE INTO fact_subject (kind, subject_id, field,"
                            " fact_id, value, hlc, superseded, device_id, staff, at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
  [STMT_FACT_SUPERSEDED] = "SELECT 1 FROM supersession WHERE superseded_id = ?1 LIMIT 1",
  [STMT_SUPERSESSION_PUT] = "INSERT OR IGNORE INTO supersession (superseded_id, fact_id)"
                            " VALUES (?1, ?2)",
  [STMT_SUPERSESSION_OF_FACT] = "SELECT superseded_id FROM supersession WHERE fact_id = ?1",
  [STMT_SUPERSESSION_DELETE] = "DELETE FROM supersession WHERE fact_id = ?1",
  [STMT_FACT_SUBJECTS_OF] = "SELECT kind, subject_id, field FROM fact_subject WHERE fact_id = ?1",
  [STMT_FACT_SUBJECTS_SET_SUPERSEDED] = "UPDATE fact_subject SET superseded = ?2"
                                        " WHERE fact_id = ?1",
  [STMT_FACT_SUBJECTS_DELETE] = "DELETE FROM fact_subject WHERE fact_id = ?1",
  [STMT_SUBJECT_CURRENT] = "SELECT fact_id, value, hlc FROM fact_subject"
                           " WHERE kind = ?1 AND subject_id = ?2 AND field = ?3"
                           " AND superseded = 0 ORDER BY hlc DESC, fact_id DESC",
  [STMT_SUBJECT_STATE_PUT] = "INSERT OR REPLACE INTO subject_state (kind, subject_id, field,"
                             " value, fact_id, hlc, n_current, conflict)"
                             " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_SUBJECT_STATE_DELETE] = "DELETE FROM subject_state"
                                " WHERE kind = ?1 AND subject_id = ?2 AND field = ?3",
  [STMT_SUBJECT_STATE_GET] = "SELECT value, conflict FROM subject_state"
                             " WHERE kind = ?1 AND subject_id = ?2 AND field = ?3",
  [STMT_MAX_HLC] = "SELECT max (hlc) FROM fact_subject",
  [STMT_STALE_TERMS_ADD] = "INSERT OR IGNORE INTO stale_terms (participant_id) VALUES (?1)",
  [STMT_SUBJECT_STATE_ANY] = "SELECT 1 FROM subject_state LIMIT 1",
  [STMT_STALE_TERMS_FORGET] = "DELETE FROM stale_terms WHERE participant_id = ?1",
  [STMT_STALE_TERMS_ANY] = "SELECT 1 FROM stale_terms LIMIT 1",
  [STMT_STALE_TERMS_LIST] = "SELECT participant_id FROM stale_terms",
  [STMT_STALE_TERMS_CLEAR] = "DELETE FROM stale_terms",
  [STMT_ENROLLMENT_GET] = "SELECT session_id, status, group_id FROM enrollment WHERE id = ?1",
  [STMT_GROUP_GET] = "SELECT session_id, capacity FROM grp WHERE id = ?1",
  [STMT_EXISTS_INSTRUCTOR] = "SELECT 1 FROM instructor WHERE id = ?1",
  [STMT_EXISTS_PARTICIPANT] = "SELECT 1 FROM participant WHERE id = ?1",
  [STMT_EXISTS_SESSION] = "SELECT 1 FROM session WHERE id = ?1",
  [STMT_BOOKING_BY_KEY] = "SELECT id FROM booking WHERE reference_key = ?1 ORDER BY id LIMIT 1",
  [STMT_SEARCH_1] = SEARCH_HEAD " LIMIT ?9",
  [STMT_SEARCH_2] = SEARCH_HEAD SEARCH_ALSO ("t2") " LIMIT ?9",
  [STMT_SEARCH_3] = SEARCH_HEAD SEARCH_ALSO ("t2") SEARCH_ALSO ("t3") " LIMIT ?9",
  [STMT_SEARCH_4] = SEARCH_HEAD SEARCH_ALSO ("t2") SEARCH_ALSO ("t3") SEARCH_ALSO ("t4")
                    " LIMIT ?9",
  [STMT_ROWS_OF_ENROLLMENT] = ROW_SELECT " WHERE e.id = ?1",
  [STMT_ROWS_OF_PARTICIPANT] = ROW_SELECT " WHERE e.participant_id = ?1",
  [STMT_ROWS_OF_SESSION] = ROW_SELECT " WHERE e.session_id = ?1",
  [STMT_ROWS_OF_GROUP] = ROW_SELECT " WHERE e.group_id = ?1",
  [STMT_ROWS_OF_BOOKING] = ROW_SELECT " WHERE e.booking_id = ?1",
  [STMT_STATUS_COUNTS] = "SELECT count(*), coalesce (sum (checked_in), 0) FROM enrollment"
                         " WHERE status != 'cancelled'",
  [STMT_STATUS_ATTENDANCE] = "SELECT attendance, count(*) FROM enrollment"
                             " WHERE status != 'cancelled' GROUP BY attendance",
  [STMT_STATUS_CONFLICTS] = "SELECT count(*) FROM subject_state WHERE conflict = 1",
  [STMT_STATUS_PENDING] = "SELECT count(*), coalesce (min (written_at), 0) FROM doc"
                          " WHERE pending = 1",
  [STMT_SCHOOL_NAME] = "SELECT name FROM school ORDER BY id LIMIT 1",
  [STMT_FIRST_SESSION_DAY] = "SELECT substr (min (starts_at), 1, 10) FROM session",
  [STMT_EXPORT_ENROLLMENTS] = "SELECT e.id, b.reference, e.booking_id, e.participant_id,"
                              " p.first_name, p.last_name, e.session_id, e.group_id,"
                              " e.checked_in, e.attendance, e.status, e.n_conflicts"
                              " FROM enrollment e"
                              " LEFT JOIN participant p ON p.id = e.participant_id"
                              " LEFT JOIN booking b ON b.id = e.booking_id ORDER BY e.id",
  [STMT_EXPORT_GROUPS] = "SELECT g.id, g.session_id, l.code, g.instructor_id, g.capacity,"
                         " g.label, (SELECT count(*) FROM enrollment e WHERE e.group_id = g.id"
                         " AND e.status != 'cancelled') FROM grp g"
                         " LEFT JOIN level l ON l.id = g.level_id ORDER BY g.id",
  [STMT_EXPORT_SESSIONS] = "SELECT s.id, s.title, s.discipline, s.kind, s.starts_at,"
                           " s.ends_at, s.meeting_point_id, (SELECT json_extract (c.value, '$')"
                           " FROM subject_state c WHERE c.kind = 'close_out'"
                           " AND c.subject_id = s.id AND c.field = '')"
                           " FROM session s ORDER BY s.id",
  [STMT_EXPORT_INSTRUCTORS] = "SELECT i.id, i.first_name, i.last_name, i.on_call,"
                              " " JSON_STATE ("instructor_attendance", "i")
                              " FROM instructor i ORDER BY i.id",
  [STMT_EXPORT_PARTICIPANTS] = "SELECT id, booking_id, first_name, last_name, birth_year,"
                               " level_id, allergies, medical_notes, emergency_phone,"
                               " pickup_adults, placeholder FROM participant ORDER BY id",
  [STMT_EXPORT_CONFLICTS] = "SELECT s.kind, s.subject_id, s.field, s.value, f.fact_id,"
                            " f.value, f.hlc, f.device_id, f.staff, f.at"
                            " FROM subject_state s JOIN fact_subject f ON f.kind = s.kind"
                            " AND f.subject_id = s.subject_id AND f.field = s.field"
                            " AND f.superseded = 0 WHERE s.conflict = 1"
                            " ORDER BY s.kind, s.subject_id, s.field, f.hlc DESC, f.fact_id DESC",
  [STMT_ALL_DOCS] = "SELECT d.id, l.body, d.deleted FROM doc d"
                    " JOIN doc_leaf l ON l.id = d.id AND l.rev = d.rev"
                    " WHERE d.problem IS NULL ORDER BY d.id",
  [STMT_BOOKING_GET] = "SELECT b.id, b.reference, b.customer_id, c.first_name, c.last_name,"
                       " c.phone, c.language, b.balance_due_cents, b.currency, b.notes"
                       " FROM booking b LEFT JOIN customer c ON c.id = b.customer_id"
                       " WHERE b.id = ?1",
  [STMT_GROUPS_OF_SESSION] = GROUP_SELECT " WHERE g.session_id = ?1 ORDER BY l.ord, g.label, g.id",
  [STMT_GROUPS_ALL] = GROUP_SELECT " ORDER BY s.starts_at, s.title, l.ord, g.label, g.id",
  [STMT_SESSIONS_WITH_GROUPS] = "SELECT g.session_id, s.title, s.starts_at"
                                " FROM (SELECT DISTINCT session_id FROM grp"
                                " WHERE session_id IS NOT NULL) g"
                                " LEFT JOIN session s ON s.id = g.session_id"
                                " ORDER BY s.starts_at, s.title, g.session_id",
  [STMT_GROUPS_OF_INSTRUCTOR] = GROUP_SELECT " WHERE g.instructor_id = ?1"
                                " ORDER BY s.starts_at, l.ord, g.label, g.id",
  [STMT_GROUP_BY_ID] = GROUP_SELECT " WHERE g.id = ?1",
  [STMT_INSTRUCTOR_BY_ID] = INSTRUCTOR_SELECT " FROM instructor i WHERE i.id = ?1",
  [STMT_INSTRUCTORS] = INSTRUCTOR_SELECT " FROM instructor i"
                       " ORDER BY (SELECT count(*) FROM grp g WHERE g.instructor_id = i.id) = 0,"
                       " i.last_name, i.first_name, i.id",
  [STMT_TALLY] = "SELECT e.session_id, s.title, s.starts_at, lv.id, lv.label, lv.ord,"
                 " count(*), coalesce (sum (e.checked_in), 0),"
                 " (SELECT count(*) FROM grp g WHERE g.session_id = e.session_id"
                 "   AND g.level_id IS lv.id),"
                 " (SELECT count(*) FROM grp g WHERE g.session_id = e.session_id"
                 "   AND g.level_id IS lv.id AND g.instructor_id IS NOT NULL"
                 "   AND coalesce ((SELECT json_extract (st.value, '$') FROM subject_state st"
                 "     WHERE st.kind = 'instructor_attendance' AND st.subject_id = g.instructor_id"
                 "     AND st.field = ''), '') IN ('present', 'late'))"
                 " FROM enrollment e JOIN session s ON s.id = e.session_id"
                 " LEFT JOIN participant p ON p.id = e.participant_id"
                 " LEFT JOIN grp eg ON eg.id = e.group_id"
                 " LEFT JOIN level lv ON lv.id = coalesce (eg.level_id, p.level_id)"
                 " WHERE e.status != 'cancelled'"
                 " GROUP BY e.session_id, lv.id ORDER BY s.starts_at, s.title, lv.ord",
  [STMT_SESSION_MEETING_POINT] = "SELECT meeting_point_id FROM session WHERE id = ?1",
  [STMT_EXISTS_LEVEL] = "SELECT 1 FROM level WHERE id = ?1",
  /* What a change names besides its subject (acc-store-change.c). */
  [STMT_CHANGE_ENROLLMENT_GROUP] = "SELECT group_id FROM enrollment WHERE id = ?1",
  [STMT_CHANGE_GROUP_INSTRUCTOR] = "SELECT instructor_id FROM grp WHERE id = ?1",
  [STMT_CHANGE_GROUPS_LED] = "SELECT id FROM grp WHERE instructor_id = ?1",
  [STMT_SUGGEST_GROUP] = SUGGEST_GROUP ("(SELECT session_id FROM enrollment WHERE id = ?1)",
                                       "(SELECT p.level_id FROM enrollment e"
                                       " JOIN participant p ON p.id = e.participant_id"
                                       " WHERE e.id = ?1)",
                                       GROUP_COUNT ("g")),
  /* ?3: places promised besides the day's, a JSON object of group id → count, or NULL. */
  [STMT_SUGGEST_GROUP_FOR_LEVEL] = SUGGEST_GROUP ("?1", "?2",
                                                 "(" GROUP_COUNT ("g") " + coalesce ((SELECT"
                                                 " t.value FROM json_each (?3) t"
                                                 " WHERE t.key = g.id), 0))"),
  [STMT_LEVELS] = "SELECT id, code, label, ord, discipline, min_age, max_age FROM level"
                  " ORDER BY ord, code, id",
  [STMT_SESSION_BY_ID] = "SELECT id, title, starts_at FROM session WHERE id = ?1",
  [STMT_PARTICIPANT_NAME] = "SELECT " PERSON_NAME ("p") " FROM participant p WHERE p.id = ?1",
  [STMT_GROUP_LABEL] = "SELECT label FROM grp WHERE id = ?1",
  [STMT_INSTRUCTOR_NAME] = "SELECT " PERSON_NAME ("i") " FROM instructor i WHERE i.id = ?1",
  [STMT_SESSION_TITLE] = "SELECT title FROM session WHERE id = ?1",
  [STMT_LEVEL_LABEL] = "SELECT label FROM level WHERE id = ?1",
  [STMT_FACT_IS_CURRENT] = "SELECT 1 FROM fact_subject WHERE kind = ?1 AND subject_id = ?2"
                           " AND field = ?3 AND fact_id = ?4 AND superseded = 0",
  [STMT_DOC_CONFIRM] = "UPDATE doc SET pending = 0, refused = NULL"
                       " WHERE id = ?1 AND rev = ?2 AND pending = 1",
  [STMT_DOC_REFUSE] = "UPDATE doc SET refused = ?3 WHERE id = ?1 AND rev = ?2 AND pending = 1",
  [STMT_OUTBOX] = "SELECT d.id, d.rev, l.body, d.deleted, l.ancestors FROM doc d"
                  " JOIN doc_leaf l ON l.id = d.id AND l.rev = d.rev"
                  " WHERE d.pending = 1 AND d.refused IS NULL ORDER BY d.written_at, d.id"
                  " LIMIT ?1",
  [STMT_DOCS_AFTER] = "SELECT d.id, d.rev, l.body, d.deleted, l.ancestors FROM doc d"
                      " JOIN doc_leaf l ON l.id = d.id AND l.rev = d.rev"
                      " WHERE d.id > ?1 ORDER BY d.id LIMIT ?2",
  [STMT_WAITING_AFTER] = "SELECT d.id, d.rev, l.body, d.deleted, l.ancestors FROM doc d"
                         " JOIN doc_leaf l ON l.id = d.id AND l.rev = d.rev"
                         " WHERE d.pending = 1 AND d.id > ?1 ORDER BY d.id LIMIT ?2",
  [STMT_PROBLEMS] = "SELECT id, type, coalesce (refused, problem), refused IS NOT NULL FROM doc"
                    " WHERE problem IS NOT NULL OR refused IS NOT NULL ORDER BY id",
  [STMT_STATUS_PROBLEMS] = "SELECT coalesce (sum (problem IS NOT NULL), 0),"
                           " coalesce (sum (refused IS NOT NULL), 0) FROM doc"
                           " WHERE problem IS NOT NULL OR refused IS NOT NULL",
  /* What a desk serving its peers reads (acc-store-peer.c). */
  [STMT_PEER_UPDATE_SEQ] = "SELECT coalesce ((SELECT max (seq) FROM doc), 0),"
                           " (SELECT count(*) FROM doc WHERE deleted = 0),"
                           " (SELECT count(*) FROM doc WHERE deleted = 1)",
  /* The documents changed after ?1, ?2 of them, each with its leaves, the winner first and
   * with its body when ?3. */
  [STMT_PEER_CHANGES] = "SELECT s.seq, s.id, l.rev, l.deleted,"
                        " CASE WHEN ?3 AND l.rev = s.rev THEN l.body END, l.ancestors"
                        " FROM (SELECT seq, id, rev FROM doc WHERE seq > ?1 ORDER BY seq LIMIT ?2) s"
                        " JOIN doc_leaf l ON l.id = s.id"
                        " ORDER BY s.seq, l.rev = s.rev DESC, l.rev",
  [STMT_PEER_LEAVES] = "SELECT 0, l.id, l.rev, l.deleted, l.body, l.ancestors FROM doc_leaf l"
                       " JOIN doc d ON d.id = l.id WHERE l.id = ?1"
                       " ORDER BY l.rev = d.rev DESC, l.rev",
  /* Live documents by id from ?1 (itself too when ?2), up to ?3 when not NULL, ?4 of them. */
  [STMT_PEER_WINNERS] = "SELECT 0, d.id, d.rev, 0, CASE WHEN ?5 THEN l.body END, l.ancestors"
                        " FROM doc d"
                        " JOIN doc_leaf l ON l.id = d.id AND l.rev = d.rev"
                        " WHERE (d.id > ?1 OR (?2 AND d.id = ?1)) AND (?3 IS NULL OR d.id <= ?3)"
                        " AND d.deleted = 0 ORDER BY d.id LIMIT ?4",
  [STMT_FACT_SUBJECTS_CURRENT_FIELDS] = "SELECT field, value FROM fact_subject"
                                        " WHERE fact_id = ?1 AND kind = 'participant'"
                                        " AND superseded = 0",
};
