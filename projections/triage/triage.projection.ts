import type { RedFlagDetected, TriageAssessed, TriageEscalated, TriageStarted } from '../../domain/triage';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Projection } from '../runner/projection';

// Triage sessions as codes, for analysts and the provider portal: complaint, status, levels,
// urgency class and the rule ids behind them. It contains no patient id, age, sex, free text,
// answers or vital signs, so it can be read without PHI access. A batch is applied set-wise, in
// the order a session's events can occur: started, red flags, assessed, escalated.

export const triageProjection: Projection = {
  name: 'triage',
  version: 1,
  eventTypes: new Set(['TriageStarted', 'RedFlagDetected', 'TriageAssessed', 'TriageEscalated']),
  tables: [{ name: 'sessions', orderBy: 'session_id' }],

  createTables: (schema) => `
    create table ${schema}.sessions (
      session_id text primary key,
      complaint_id text not null,
      complaint_source text not null,
      classifier_version text,
      locale text not null,
      status text not null,
      started_at timestamptz not null,
      red_flag_rule_ids text[] not null default '{}',
      level smallint,
      rules_level smallint,
      model_level smallint,
      model_version text,
      urgency text,
      action text,
      decided_by text[],
      finding_rule_ids text[],
      rule_table_version text,
      assessed_at timestamptz,
      escalated_at timestamptz,
      escalated_by text,
      last_position bigint not null
    );
    create index on ${schema}.sessions (status, level);
    create index on ${schema}.sessions (complaint_id);
  `,

  async apply(tx: SqlExecutor, schema: string, events: StoredEvent[]) {
    const started = eventsOf<TriageStarted['data']>(events, 'TriageStarted');
    const redFlags = eventsOf<RedFlagDetected['data']>(events, 'RedFlagDetected');
    const assessed = eventsOf<TriageAssessed['data']>(events, 'TriageAssessed');
    const escalated = eventsOf<TriageEscalated['data']>(events, 'TriageEscalated');

    if (started.length > 0) await insertSessions(tx, schema, started);
    if (redFlags.length > 0) await addRedFlags(tx, schema, redFlags);
    if (assessed.length > 0) await recordAssessments(tx, schema, assessed);
    if (escalated.length > 0) await recordEscalations(tx, schema, escalated);
  },
};

interface Positioned<Data> {
  data: Data;
  position: string;
}

function eventsOf<Data>(events: StoredEvent[], type: string): Positioned<Data>[] {
  return events.filter((event) => event.type === type).map((event) => ({ data: event.data as Data, position: event.globalPosition.toString() }));
}

async function insertSessions(tx: SqlExecutor, schema: string, started: Positioned<TriageStarted['data']>[]) {
  const rows = started.map(({ data, position }) => ({
    session_id: data.sessionId,
    complaint_id: data.complaintId,
    complaint_source: data.complaintSource,
    classifier_version: data.classifierVersion,
    locale: data.locale,
    started_at: data.startedAt,
    position,
  }));
  await tx.query(
    `insert into ${schema}.sessions (session_id, complaint_id, complaint_source, classifier_version, locale, status, started_at, last_position)
     select session_id, complaint_id, complaint_source, classifier_version, locale, 'in-progress', started_at, position
     from jsonb_to_recordset($1::jsonb) as r(session_id text, complaint_id text, complaint_source text, classifier_version text,
                                             locale text, started_at timestamptz, position bigint)
     on conflict (session_id) do nothing`,
    [JSON.stringify(rows)],
  );
}

// Rule ids are kept sorted and distinct, so a rebuild ends with the same arrays as the live table.
async function addRedFlags(tx: SqlExecutor, schema: string, redFlags: Positioned<RedFlagDetected['data']>[]) {
  const rows = redFlags.map(({ data, position }) => ({ session_id: data.sessionId, rule_id: data.ruleId, position }));
  await tx.query(
    `update ${schema}.sessions s
        set red_flag_rule_ids = array(select distinct rule_id from unnest(s.red_flag_rule_ids || f.rule_ids) as rule_id order by rule_id),
            last_position = greatest(s.last_position, f.position)
     from (select session_id, array_agg(rule_id) as rule_ids, max(position) as position
           from jsonb_to_recordset($1::jsonb) as r(session_id text, rule_id text, position bigint)
           group by session_id) f
     where s.session_id = f.session_id`,
    [JSON.stringify(rows)],
  );
}

async function recordAssessments(tx: SqlExecutor, schema: string, assessed: Positioned<TriageAssessed['data']>[]) {
  const rows = assessed.map(({ data: { sessionId, assessedAt, assessment }, position }) => ({
    session_id: sessionId,
    level: assessment.level,
    rules_level: assessment.rulesLevel,
    model_level: assessment.model?.level ?? null,
    model_version: assessment.model?.modelVersion ?? null,
    urgency: assessment.urgency,
    action: assessment.action,
    decided_by: assessment.decidedBy,
    finding_rule_ids: assessment.findings.map((finding) => finding.ruleId),
    rule_table_version: assessment.ruleTableVersion,
    assessed_at: assessedAt,
    position,
  }));
  await tx.query(
    `update ${schema}.sessions s
        set status = 'assessed', level = r.level, rules_level = r.rules_level, model_level = r.model_level,
            model_version = r.model_version, urgency = r.urgency, action = r.action,
            decided_by = array(select jsonb_array_elements_text(r.decided_by)),
            finding_rule_ids = array(select jsonb_array_elements_text(r.finding_rule_ids)),
            rule_table_version = r.rule_table_version, assessed_at = r.assessed_at,
            last_position = greatest(s.last_position, r.position)
     from jsonb_to_recordset($1::jsonb) as r(session_id text, level smallint, rules_level smallint, model_level smallint,
                                             model_version text, urgency text, action text, decided_by jsonb,
                                             finding_rule_ids jsonb, rule_table_version text, assessed_at timestamptz, position bigint)
     where s.session_id = r.session_id`,
    [JSON.stringify(rows)],
  );
}

async function recordEscalations(tx: SqlExecutor, schema: string, escalated: Positioned<TriageEscalated['data']>[]) {
  const rows = escalated.map(({ data, position }) => ({ session_id: data.sessionId, escalated_at: data.escalatedAt, escalated_by: data.requestedBy, position }));
  await tx.query(
    `update ${schema}.sessions s
        set status = 'escalated', escalated_at = r.escalated_at, escalated_by = r.escalated_by,
            last_position = greatest(s.last_position, r.position)
     from jsonb_to_recordset($1::jsonb) as r(session_id text, escalated_at timestamptz, escalated_by text, position bigint)
     where s.session_id = r.session_id`,
    [JSON.stringify(rows)],
  );
}
