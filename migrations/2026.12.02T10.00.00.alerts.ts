import type { Migration } from '../server/db/migrate';

// Deadline alerts (issue 20).
// - alert_rules: the catalogue (one row per alert rule: its legal rule, audience, lead-time policy keys, severity);
//   the lead times and thresholds themselves are policy values (seeders/data/policies.csv), so a change is an edit.
// - alerts: one row per (rule, subject, due date), whatever the number of scans: opened when its condition holds,
//   resolved when it clears (or by hand), reopened when it comes back; its stage (a lead time reached, overdue,
//   escalated) is what the notifications announce, each stage once per recipient.
// - notifications (the one inbox) learn severity, their alert and a link, and per-recipient acknowledgement.
// - alert_digests: one e-mail digest per user and day (the durable job's idempotency).
// - job_runs: every run of a scheduled job (start, end, status, counts, error), for the admin page.
// - users: an e-mail address (the admin's or the user's own) and the digest opt-out.
// - read views for the scan: cases' routing (assignee), agencies' licences, grant budgets, users as recipients.
export const up: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE policy_values DROP CONSTRAINT policy_values_unit_check;
    ALTER TABLE policy_values ADD CONSTRAINT policy_values_unit_check
      CHECK (unit IN ('months_per_12_months', 'months_salary', 'vnd', 'months', 'periods', 'airfare', 'days', 'working_days',
        'years', 'count', 'vnd_per_course', 'vnd_per_day', 'vnd_per_month', 'vnd_once', 'vnd_actual_cap', 'vnd_statutory',
        'percent'));

    ALTER TABLE users
      ADD COLUMN email text CHECK (email IS NULL OR (length(email) <= 254 AND email ~ '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$')),
      ADD COLUMN digest_opt_out boolean NOT NULL DEFAULT false;

    CREATE TABLE alert_rules (
      id text PRIMARY KEY CHECK (id ~ '^[a-z_]+$'),
      rule_id text NOT NULL,
      title text NOT NULL CHECK (btrim(title) <> ''),
      -- the same in plain words for the worker's portal ({due}: the due date); null: not shown to the worker
      worker_text text,
      source text NOT NULL CHECK (source IN ('obligation', 'contract_end', 'agency_licence', 'budget')),
      -- obligation rules: the obligation kind (or kind prefix before ':') and, optionally, whose move it must be
      obligation_kind text,
      whose_move text CHECK (whose_move IS NULL OR whose_move IN ('agency', 'worker', 'commune', 'province')),
      audience text[] NOT NULL CHECK (cardinality(audience) > 0 AND audience <@ ARRAY['agency', 'commune', 'province', 'worker', 'admin']),
      -- policy keys of the lead times, farthest first (days or working days before the due date)
      lead_keys text[] NOT NULL DEFAULT '{}',
      -- a threshold (budget rule: the committed share, percent)
      threshold_key text,
      -- whether passing the due date is a breach (overdue stage) and whether it escalates after the grace period
      overdue boolean NOT NULL DEFAULT true,
      escalates boolean NOT NULL DEFAULT false,
      -- severity before the due date (overdue is always critical)
      severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
      position integer NOT NULL,
      CHECK (source <> 'obligation' OR obligation_kind IS NOT NULL),
      CHECK (source <> 'budget' OR threshold_key IS NOT NULL)
    );

    INSERT INTO alert_rules (id, rule_id, title, worker_text, source, obligation_kind, whose_move, audience, lead_keys, threshold_key, overdue, escalates, severity, position) VALUES
      ('waiting_limit', 'R15', 'Người lao động chờ xuất cảnh sắp quá 180 ngày kể từ ngày trúng tuyển',
        'Bạn đã chờ xuất cảnh lâu. Doanh nghiệp phải đưa bạn đi trước ngày {due}; quá hạn này bạn có quyền rút hồ sơ và được hoàn trả chi phí.',
        'obligation', 'waiting_limit', NULL, ARRAY['agency', 'worker'], ARRAY['alert.waiting_limit.lead'], NULL, true, true, 'warning', 10),
      ('departure_update', 'R17', 'Cập nhật cơ sở dữ liệu người lao động sau khi xuất cảnh', NULL,
        'obligation', 'departure_update', NULL, ARRAY['agency'], ARRAY['alert.departure_update.lead'], NULL, true, true, 'warning', 20),
      ('monthly_update', 'R17', 'Cập nhật thay đổi hằng tháng vào cơ sở dữ liệu (trước ngày 20)', NULL,
        'obligation', 'monthly_update', NULL, ARRAY['agency'], ARRAY['alert.monthly_update.lead'], NULL, true, true, 'warning', 30),
      ('orientation_expiry', 'R19', 'Chứng chỉ bồi dưỡng kiến thức cần thiết hết hạn trước ngày xuất cảnh dự kiến', NULL,
        'obligation', 'paper_expiry:orientation_certificate', NULL, ARRAY['agency'], ARRAY['alert.paper_expiry.lead_1', 'alert.paper_expiry.lead_2'], NULL, true, true, 'warning', 40),
      ('passport_expiry', 'PAPERS', 'Hộ chiếu hết hạn (hoặc không đủ thời hạn) trước ngày xuất cảnh dự kiến',
        'Hộ chiếu của bạn sẽ không còn đủ thời hạn để xuất cảnh. Hãy làm lại hộ chiếu trước ngày {due} và báo cho doanh nghiệp.',
        'obligation', 'paper_expiry:passport', NULL, ARRAY['agency', 'worker'], ARRAY['alert.paper_expiry.lead_1', 'alert.paper_expiry.lead_2'], NULL, true, true, 'warning', 50),
      ('visa_expiry', 'PAPERS', 'Thị thực hết hạn trước ngày xuất cảnh dự kiến', NULL,
        'obligation', 'paper_expiry:visa', NULL, ARRAY['agency'], ARRAY['alert.paper_expiry.lead_1', 'alert.paper_expiry.lead_2'], NULL, true, true, 'warning', 60),
      ('health_expiry', 'PAPERS', 'Giấy chứng nhận sức khỏe hết hạn trước ngày xuất cảnh dự kiến',
        'Giấy khám sức khỏe của bạn hết hạn trước ngày bay. Hãy khám lại trước ngày {due}.',
        'obligation', 'paper_expiry:health_certificate', NULL, ARRAY['agency', 'worker'], ARRAY['alert.paper_expiry.lead_1', 'alert.paper_expiry.lead_2'], NULL, true, true, 'warning', 70),
      ('fund_contribution', 'R13', 'Chưa ghi nhận đóng Quỹ Hỗ trợ việc làm ngoài nước trước ngày xuất cảnh',
        'Bạn cần đóng 100.000 đồng vào Quỹ Hỗ trợ việc làm ngoài nước chậm nhất ngày {due} (3 ngày trước khi bay).',
        'obligation', 'fund_contribution', NULL, ARRAY['agency', 'worker'], ARRAY['alert.fund_contribution.lead'], NULL, true, true, 'warning', 80),
      ('contract_end', 'R20', 'Hợp đồng lao động sắp kết thúc',
        'Hợp đồng lao động của bạn kết thúc ngày {due}. Hãy chuẩn bị về nước hoặc hỏi doanh nghiệp về gia hạn.',
        'contract_end', NULL, NULL, ARRAY['agency', 'worker'], ARRAY['alert.contract_end.lead_1', 'alert.contract_end.lead_2'], NULL, false, false, 'info', 90),
      ('liquidation', 'R20', 'Thanh lý hợp đồng trong 180 ngày sau khi hợp đồng lao động chấm dứt (kèm 3 thông báo bằng thư bảo đảm)',
        'Doanh nghiệp phải thanh lý hợp đồng với bạn trước ngày {due}. Hãy liên hệ doanh nghiệp để thanh lý và nhận lại tiền ký quỹ.',
        'obligation', 'liquidation', NULL, ARRAY['agency', 'worker'], ARRAY['alert.liquidation.lead_1', 'alert.liquidation.lead_2'], NULL, true, true, 'warning', 100),
      ('deposit_refund', 'R11', 'Hoàn trả tiền ký quỹ cho người lao động sau thanh lý',
        'Tiền ký quỹ của bạn phải được hoàn trả (cả gốc và lãi) trước ngày {due}.',
        'obligation', 'deposit_refund', NULL, ARRAY['agency', 'worker'], ARRAY['alert.deposit_refund.lead'], NULL, true, true, 'warning', 110),
      ('eps_deposit', 'R14', 'Ký quỹ EPS tại Ngân hàng Chính sách xã hội trong 35 ngày kể từ ngày ký hợp đồng',
        'Bạn cần ký quỹ tại Ngân hàng Chính sách xã hội nơi thường trú trước ngày {due}.',
        'obligation', 'eps_deposit', NULL, ARRAY['agency', 'worker'], ARRAY['alert.eps_deposit.lead'], NULL, true, true, 'warning', 120),
      ('residence_notice', 'R21', 'Người lao động thông báo nơi cư trú trong 15 ngày sau khi về nước',
        'Bạn cần thông báo nơi cư trú với công an xã, phường trước ngày {due} (15 ngày sau khi về nước).',
        'obligation', 'residence_notice', NULL, ARRAY['worker', 'commune'], ARRAY['alert.residence_notice.lead'], NULL, true, false, 'info', 130),
      ('grant_processing_commune', 'R27', 'Hồ sơ đề nghị hỗ trợ chờ UBND xã xác nhận quá thời hạn giải quyết', NULL,
        'obligation', 'processing', 'commune', ARRAY['commune'], ARRAY['alert.grant_processing.lead'], NULL, true, true, 'warning', 140),
      ('grant_processing_province', 'R27', 'Hồ sơ đề nghị hỗ trợ chờ tỉnh phê duyệt quá thời hạn giải quyết', NULL,
        'obligation', 'processing', 'province', ARRAY['province'], ARRAY['alert.grant_processing.lead'], NULL, true, true, 'warning', 150),
      ('agency_licence', 'LICENCE', 'Giấy phép hoạt động dịch vụ đưa người lao động đi làm việc ở nước ngoài sắp hết hạn', NULL,
        'agency_licence', NULL, NULL, ARRAY['agency', 'admin'], ARRAY['alert.agency_licence.lead_1', 'alert.agency_licence.lead_2'], NULL, true, false, 'warning', 160),
      ('budget_committed', 'BUDGET', 'Dự toán hỗ trợ của tỉnh đã cam kết trên 90 %', NULL,
        'budget', NULL, NULL, ARRAY['province', 'admin'], '{}', 'alert.budget.committed_share', false, false, 'warning', 170);

    CREATE TABLE alerts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      rule text NOT NULL REFERENCES alert_rules (id) ON DELETE RESTRICT,
      subject_type text NOT NULL CHECK (subject_type IN ('case', 'grant_application', 'agency', 'grant_budget')),
      subject_id bigint NOT NULL,
      due_on date NOT NULL,
      -- 1.. a lead time reached (1 the farthest), 10 overdue, 20 escalated after the grace period
      stage smallint NOT NULL CHECK (stage BETWEEN 1 AND 20),
      severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      -- cleared: the condition went away (the next scan); manual: a user marked it dealt with
      resolution text CHECK (resolution IN ('cleared', 'manual')),
      resolved_at timestamptz,
      resolved_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      resolution_note text CHECK (resolution_note IS NULL OR length(resolution_note) <= 500),
      acknowledged_at timestamptz,
      acknowledged_by_user_id bigint REFERENCES users (id) ON DELETE RESTRICT,
      reopened_count integer NOT NULL DEFAULT 0,
      -- the highest stage announced (per reopening)
      notified_stage smallint NOT NULL DEFAULT 0,
      agency_id bigint,
      province_code varchar(2),
      commune_code varchar(5),
      worker_id bigint,
      case_id bigint,
      assignee_user_id bigint,
      detail jsonb,
      opened_on date NOT NULL,
      stage_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (rule, subject_type, subject_id, due_on),
      CHECK ((status = 'resolved') = (resolution IS NOT NULL AND resolved_at IS NOT NULL)),
      CHECK (resolution IS DISTINCT FROM 'manual' OR resolved_by_user_id IS NOT NULL)
    );
    CREATE INDEX alerts_open ON alerts (rule, subject_type, subject_id, due_on) WHERE status = 'open';
    CREATE INDEX alerts_case ON alerts (case_id, due_on) WHERE case_id IS NOT NULL;
    CREATE INDEX alerts_agency_open ON alerts (agency_id) WHERE status = 'open';

    ALTER TABLE notifications
      ADD COLUMN severity text NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
      ADD COLUMN alert_id bigint REFERENCES alerts (id) ON DELETE RESTRICT,
      ADD COLUMN link text CHECK (link IS NULL OR link ~ '^/[^/]'),
      ADD COLUMN acknowledged_at timestamptz;
    CREATE INDEX notifications_alert ON notifications (alert_id) WHERE alert_id IS NOT NULL;

    CREATE TABLE alert_digests (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      user_id bigint NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
      digest_on date NOT NULL,
      status text NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent')),
      alert_count integer NOT NULL CHECK (alert_count >= 0),
      message_id text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (user_id, digest_on)
    );

    CREATE TABLE job_runs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      job text NOT NULL,
      trigger text NOT NULL CHECK (trigger IN ('schedule', 'manual')),
      queue_job_id text,
      attempt integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
      summary jsonb,
      error text CHECK (error IS NULL OR length(error) <= 2000),
      CHECK ((status = 'running') = (finished_at IS NULL))
    );
    CREATE INDEX job_runs_recent ON job_runs (started_at DESC);
    CREATE INDEX job_runs_job ON job_runs (job, started_at DESC);

    -- read views (ownership: a module reads another's data through the views it declares)
    CREATE VIEW case_routing AS
      SELECT id, worker_id, agency_id, state, labour_contract_end_on, assignee_user_id FROM cases;
    CREATE VIEW agency_licences AS
      SELECT id, name, status, kind, licence_number, licence_expires_on, province_code FROM agencies;
    CREATE VIEW grant_budget_directory AS
      SELECT id, province_code, fiscal_year, programme_code, source, allocated_vnd, committed_vnd, paid_vnd FROM grant_budgets;
    CREATE VIEW grant_application_directory AS
      SELECT id, worker_id, agency_id, province_code, commune_code, state FROM grant_applications;
    CREATE VIEW case_notice_dates AS SELECT case_id, sent_on FROM case_notices;
    -- the scan's "contract ending" rule reads the workers abroad by their contract's end
    CREATE INDEX cases_contract_end_abroad ON cases (labour_contract_end_on) WHERE state = 'departed';
    CREATE VIEW user_directory AS
      SELECT id, username, display_name, role, agency_id, commune_code, province_code, active, email, digest_opt_out FROM users;
  `);
};

export const down: Migration = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP VIEW IF EXISTS user_directory;
    DROP INDEX IF EXISTS cases_contract_end_abroad;
    DROP VIEW IF EXISTS case_notice_dates;
    DROP VIEW IF EXISTS grant_application_directory;
    DROP VIEW IF EXISTS grant_budget_directory;
    DROP VIEW IF EXISTS agency_licences;
    DROP VIEW IF EXISTS case_routing;
    DROP TABLE IF EXISTS job_runs, alert_digests;
    DROP INDEX IF EXISTS notifications_alert;
    ALTER TABLE notifications DROP COLUMN IF EXISTS severity, DROP COLUMN IF EXISTS alert_id, DROP COLUMN IF EXISTS link,
      DROP COLUMN IF EXISTS acknowledged_at;
    DROP TABLE IF EXISTS alerts, alert_rules;
    ALTER TABLE users DROP COLUMN IF EXISTS email, DROP COLUMN IF EXISTS digest_opt_out;
    ALTER TABLE policy_values DISABLE TRIGGER policy_values_history;
    DELETE FROM policy_values WHERE unit = 'percent';
    ALTER TABLE policy_values ENABLE TRIGGER policy_values_history;
    ALTER TABLE policy_values DROP CONSTRAINT policy_values_unit_check;
    ALTER TABLE policy_values ADD CONSTRAINT policy_values_unit_check
      CHECK (unit IN ('months_per_12_months', 'months_salary', 'vnd', 'months', 'periods', 'airfare', 'days', 'working_days',
        'years', 'count', 'vnd_per_course', 'vnd_per_day', 'vnd_per_month', 'vnd_once', 'vnd_actual_cap', 'vnd_statutory'));
  `);
};
