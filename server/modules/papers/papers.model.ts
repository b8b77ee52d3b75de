import { bigintColumn } from '../../db/columns';
import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Sequelize,
} from 'sequelize';

/** Papers held per worker (passport, health and criminal-record certificates, orientation certificate). */
export const WORKER_PAPER_KINDS = [
  'passport',
  'health_certificate',
  'criminal_record',
  'orientation_certificate',
] as const;
/** Papers held per case (the receiving country's permission to enter and to work). */
export const CASE_PAPER_KINDS = ['visa', 'work_permit'] as const;
export const PAPER_KINDS = [...WORKER_PAPER_KINDS, ...CASE_PAPER_KINDS] as const;
export type WorkerPaperKind = (typeof WORKER_PAPER_KINDS)[number];
export type CasePaperKind = (typeof CASE_PAPER_KINDS)[number];
export type PaperKind = (typeof PAPER_KINDS)[number];

/** Health and criminal data (DOMAIN.md §9): their number and issuer never enter the audit log. */
export const SENSITIVE_PAPER_KINDS: readonly PaperKind[] = ['health_certificate', 'criminal_record'];

export const PAPER_LABELS: Record<PaperKind, string> = {
  passport: 'Hộ chiếu',
  health_certificate: 'Giấy chứng nhận sức khỏe',
  criminal_record: 'Phiếu lý lịch tư pháp',
  orientation_certificate: 'Chứng chỉ giáo dục định hướng',
  visa: 'Thị thực hoặc giấy phép nhập cảnh',
  work_permit: 'Giấy phép lao động hoặc giấy chứng nhận đủ điều kiện',
};

export class Paper extends Model<InferAttributes<Paper>, InferCreationAttributes<Paper>> {
  declare id: CreationOptional<number>;
  declare kind: PaperKind;
  declare workerId: number;
  declare caseId: number | null;
  declare number: string;
  declare issuingBody: string | null;
  declare issuedOn: string;
  declare expiresOn: string | null;
  declare fileId: number | null;
  declare senderAgencyId: number | null;
  declare jobCategory: string | null;
  declare market: string | null;
  declare enrolmentId: CreationOptional<number | null>;
  declare createdByUserId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initPaperModels(sequelize: Sequelize): void {
  Paper.init(
    {
      id: bigintColumn('id', { autoIncrement: true, primaryKey: true }),
      kind: { type: DataTypes.TEXT, allowNull: false },
      workerId: { ...bigintColumn('workerId'), allowNull: false },
      caseId: bigintColumn('caseId'),
      number: { type: DataTypes.TEXT, allowNull: false },
      issuingBody: DataTypes.TEXT,
      issuedOn: { type: DataTypes.DATEONLY, allowNull: false },
      expiresOn: DataTypes.DATEONLY,
      fileId: bigintColumn('fileId'),
      senderAgencyId: bigintColumn('senderAgencyId'),
      jobCategory: DataTypes.TEXT,
      market: DataTypes.STRING(2),
      enrolmentId: bigintColumn('enrolmentId'),
      createdByUserId: bigintColumn('createdByUserId'),
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'papers', underscored: true },
  );
}
