// The one date field of the app: antd's DatePicker in Chinese, always shown and sent as
// YYYY-MM-DD (a native <input type=date> showed 12/03/2026 in an English browser). Form values
// stay ISO date strings, so the contract and the rules see the same text as before.
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

export const DATE_FORMAT = 'YYYY-MM-DD';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** Latest day allowed (YYYY-MM-DD), e.g. today for a thing already done. */
  max?: string | undefined;
  /** Earliest day allowed (YYYY-MM-DD). */
  min?: string | undefined;
  id?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}

export function DateField({ value, onChange, max, min, placeholder, style, ...rest }: Props) {
  const parsed = value ? dayjs(value, DATE_FORMAT, true) : null;
  return (
    <DatePicker
      {...rest}
      format={DATE_FORMAT}
      placeholder={placeholder ?? DATE_FORMAT}
      value={parsed && parsed.isValid() ? parsed : null}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format(DATE_FORMAT) : null)}
      disabledDate={(d) => (max !== undefined && d.format(DATE_FORMAT) > max) || (min !== undefined && d.format(DATE_FORMAT) < min)}
      style={{ width: 160, maxWidth: '100%', ...style }}
      inputReadOnly={false}
      allowClear
    />
  );
}
