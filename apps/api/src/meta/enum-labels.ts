import {
  ALERT_ENUM_LABELS,
  CASE_ENUM_LABELS,
  COMPLAINT_ENUM_LABELS,
  FINDING_ENUM_LABELS,
  INSPECTION_ENUM_LABELS,
  OPERATION_ENUM_LABELS,
  POWER_ENUM_LABELS,
  RECTIFICATION_ENUM_LABELS,
} from '@app/domain';

export interface EnumValue {
  value: string | number;
  label: string;
}

/** Alert grounds are the numbers 1–10 of 责任追究制度 第五条, so they are served as numbers. */
const NUMERIC_ENUMS: ReadonlySet<string> = new Set(['alertGround']);

const LABEL_MAPS: Readonly<Record<string, Readonly<Record<string | number, string>>>> = {
  ...POWER_ENUM_LABELS,
  ...OPERATION_ENUM_LABELS,
  ...ALERT_ENUM_LABELS,
  ...CASE_ENUM_LABELS,
  ...COMPLAINT_ENUM_LABELS,
  ...INSPECTION_ENUM_LABELS,
  ...FINDING_ENUM_LABELS,
  ...RECTIFICATION_ENUM_LABELS,
};

/** Every enumeration of the API, each value with its Chinese label, in the order the domain declares them. */
export const ENUMS: Readonly<Record<string, EnumValue[]>> = Object.freeze(
  Object.fromEntries(
    Object.entries(LABEL_MAPS).map(([name, labels]) => [
      name,
      Object.entries(labels).map(([value, label]) => ({
        value: NUMERIC_ENUMS.has(name) ? Number(value) : value,
        label,
      })),
    ]),
  ),
);
