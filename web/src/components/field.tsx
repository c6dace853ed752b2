import type { ComponentChildren, InputHTMLAttributes, Ref, SelectHTMLAttributes } from 'preact';
import { useId } from 'preact/hooks';
import { sentence } from '../lib/api.js';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'label' | 'onInput' | 'ref'>;

export interface FieldProps extends InputProps {
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  /** Receives the new value on every keystroke. */
  onValue?: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
  /** Text shown after the input (a unit such as "seconds"). */
  suffix?: string;
}

/** A labelled input with its hint and validation message wired through aria-describedby. */
export function Field({
  label,
  hint,
  error,
  onValue,
  inputRef,
  suffix,
  class: className,
  ...input
}: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <div class={suffix ? 'input-with-suffix' : undefined}>
        <input
          id={id}
          ref={inputRef}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
          onInput={(event) => onValue?.((event.currentTarget as HTMLInputElement).value)}
          {...input}
        />
        {suffix && (
          <span class="suffix" aria-hidden="true">
            {suffix}
          </span>
        )}
      </div>
      {error && (
        <p class="field-error" id={errorId}>
          {sentence(error)}
        </p>
      )}
    </div>
  );
}

export interface SelectFieldProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'label' | 'onChange' | 'ref'> {
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: string | undefined;
  onValue?: (value: string) => void;
  children: ComponentChildren;
}

export function SelectField({
  label,
  hint,
  error,
  onValue,
  children,
  class: className,
  ...select
}: SelectFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <select
        id={id}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
        onChange={(event) => onValue?.((event.currentTarget as HTMLSelectElement).value)}
        {...select}
      >
        {children}
      </select>
      {error && (
        <p class="field-error" id={errorId}>
          {sentence(error)}
        </p>
      )}
    </div>
  );
}

/** A checkbox or switch with its label to the right. */
export function CheckField({
  label,
  hint,
  checked,
  onChecked,
  disabled,
  name,
  switchStyle,
}: {
  label: ComponentChildren;
  hint?: ComponentChildren;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  disabled?: boolean;
  name?: string;
  switchStyle?: boolean;
}) {
  const id = useId();
  return (
    <div class={`check${switchStyle ? ' switch' : ''}`}>
      <input
        type="checkbox"
        id={id}
        name={name}
        role={switchStyle ? 'switch' : undefined}
        checked={checked}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => onChecked((event.currentTarget as HTMLInputElement).checked)}
      />
      <div>
        <label for={id}>{label}</label>
        {hint && (
          <p class="hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
