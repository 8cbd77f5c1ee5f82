import { CHECK_TIMING_FIELDS, CHECK_TIMING_LIMITS, type CheckTiming } from '@/lib/schemas/settings';
import { Field } from '@/components/ui/field';

/**
 * The four timing inputs, named `<prefix>.<field>`: the global timing's (every field set) or a
 * service's own (`optional`: an empty field takes the global timing).
 */
export function CheckTimingInputs({
  prefix,
  values,
  error,
  optional = false,
}: {
  prefix: string;
  values: { [K in keyof CheckTiming]: number | null } | undefined;
  error: (field: keyof CheckTiming) => string | undefined;
  optional?: boolean;
}) {
  return CHECK_TIMING_FIELDS.map(({ key, label, help }) => (
    <Field
      key={key}
      id={`${prefix}.${key}`}
      label={label}
      type="number"
      min={CHECK_TIMING_LIMITS[key][1]}
      max={CHECK_TIMING_LIMITS[key][2]}
      defaultValue={values?.[key] ?? ''}
      placeholder={optional ? 'global' : undefined}
      help={optional ? `${help} Empty: the global timing (Cluster Configuration).` : help}
      error={error(key)}
    />
  ));
}
