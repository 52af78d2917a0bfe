// Form fields that carry their label, hint and error to assistive technology (WCAG 1.3.1, 3.3.1, 3.3.2, 4.1.2), and
// the summary of a form's errors that links to each field.
import type { InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes } from 'react';
import type { Option } from './countries.ts';

interface Described {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: boolean;
}

/** The ids a field's hint and error are rendered under, for aria-describedby. */
const describedBy = ({ id, hint, error }: Pick<Described, 'id' | 'hint' | 'error'>): string | undefined =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

function Frame({ id, label, hint, error, optional, children }: Described & { children: ReactNode }): ReactNode {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional ? <span className="hint"> (optional)</span> : null}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {children}
    </div>
  );
}

/** A field's hint and error, with the ids its control's aria-describedby names. */
function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: ReactNode }): ReactNode {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="error-text">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

type InputProps = Described & Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & { ref?: Ref<HTMLInputElement> };

export function TextField({ id, label, hint, error, optional, ref, ...input }: InputProps): ReactNode {
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input ref={ref} id={id} name={id} type="text" aria-describedby={describedBy({ id, hint, error })} aria-invalid={error ? true : undefined} {...input} />
    </Frame>
  );
}

type SelectProps = Described & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & { options: Option[]; placeholder?: string };

export function SelectField({ id, label, hint, error, optional, options, placeholder, ...select }: SelectProps): ReactNode {
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select id={id} name={id} aria-describedby={describedBy({ id, hint, error })} aria-invalid={error ? true : undefined} {...select}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

type CheckboxProps = Omit<Described, 'optional'> & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'>;

export function CheckboxField({ id, label, hint, error, ...input }: CheckboxProps): ReactNode {
  return (
    <div className="field check">
      <input id={id} name={id} type="checkbox" aria-describedby={describedBy({ id, hint, error })} aria-invalid={error ? true : undefined} {...input} />
      <div>
        <label htmlFor={id}>{label}</label>
        <HintAndError id={id} hint={hint} error={error} />
      </div>
    </div>
  );
}

export interface FieldProblem {
  /** The id of the input the problem is about; none when it is about the whole form. */
  fieldId?: string;
  /** What the summary says: the field's name and the problem. */
  text: string;
}

/** A refusal of the API as a form shows it: in the summary (text), and next to its field (message). */
export interface Refusal<F extends string = string> extends FieldProblem {
  field: F | undefined;
  message: string;
}

/**
 * The form's problems at its top, announced at once (role=alert); each links to its field, which the link focuses
 * (a fragment link alone would scroll without moving the keyboard focus there).
 */
export function ErrorSummary({ problems, title, ref }: { problems: FieldProblem[]; title?: string; ref?: Ref<HTMLDivElement> }): ReactNode {
  if (problems.length === 0) return null;
  return (
    <div ref={ref} className="notice bad error-summary" role="alert" tabIndex={-1}>
      <h2>{title ?? (problems.length === 1 ? 'There is a problem' : `There are ${problems.length} problems`)}</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.fieldId ? (
              <a
                href={`#${p.fieldId}`}
                onClick={(e) => {
                  const field = document.getElementById(p.fieldId!);
                  if (!field) return;
                  e.preventDefault();
                  field.focus();
                  field.scrollIntoView({ block: 'center' });
                }}
              >
                {p.text}
              </a>
            ) : (
              p.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
