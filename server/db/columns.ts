import { DataTypes, type Model } from 'sequelize';

/**
 * A BIGINT column read as a JS number (pg returns BIGINT as a string). Ids and đồng amounts stay far below 2^53;
 * the money helpers assert it where amounts are computed.
 */
export function bigintColumn(field: string, extra: object = {}) {
  return {
    type: DataTypes.BIGINT,
    ...extra,
    get(this: Model) {
      const v = this.getDataValue(field);
      return v === null || v === undefined ? v : Number(v);
    },
  };
}
