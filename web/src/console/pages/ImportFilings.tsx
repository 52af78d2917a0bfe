// An administrator's import of a file of filings (NDJSON, one per line) through the batch route, with the upload's
// progress; the batch answers one result line per filing, counted here.
import { useState, type FormEvent, type ReactNode } from 'react';
import { changeHeaders } from '../../shared/api.ts';
import { Problems, ProgressBar } from '../../shared/ui.tsx';

interface Outcome {
  accepted: number;
  refused: number;
  firstRefusals: string[];
}

function upload(file: File, onProgress: (sent: number, total: number) => void): Promise<string> {
  // fetch() reports no upload progress; XMLHttpRequest does.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/filings/batch');
    xhr.setRequestHeader('content-type', 'application/x-ndjson');
    for (const [name, value] of Object.entries(changeHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
    xhr.onload = () => (xhr.status < 300 ? resolve(xhr.responseText) : reject(new Error(`the server answered ${xhr.status}: ${xhr.responseText.slice(0, 300)}`)));
    xhr.onerror = () => reject(new Error('the upload failed (network)'));
    xhr.send(file);
  });
}

export function ImportFilings(): ReactNode {
  const [file, setFile] = useState<File>();
  const [sent, setSent] = useState<{ done: number; total: number }>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [error, setError] = useState<unknown>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setOutcome(undefined);
    try {
      const text = await upload(file, (done, total) => setSent({ done, total }));
      const lines = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { status?: number; errors?: Array<{ message: string }> });
      const refused = lines.filter((l) => (l.status ?? 200) >= 400);
      setOutcome({ accepted: lines.length - refused.length, refused: refused.length, firstRefusals: refused.slice(0, 5).map((l) => l.errors?.[0]?.message ?? 'refused') });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="card" onSubmit={submit} aria-label="Import filings">
      <h2>Import filings</h2>
      <div className="field">
        <label htmlFor="import-file">
          File <span className="hint">(NDJSON: one filing per line)</span>
        </label>
        <input id="import-file" type="file" accept=".ndjson,.jsonl,application/x-ndjson" onChange={(e) => setFile(e.target.files?.[0])} />
      </div>
      {sent ? <ProgressBar done={sent.done} total={sent.total} label="bytes sent" /> : null}
      {outcome ? (
        <p className="notice ok" role="status">
          {outcome.accepted} accepted, {outcome.refused} refused{outcome.firstRefusals.length ? `: ${outcome.firstRefusals.join('; ')}` : ''}.
        </p>
      ) : null}
      <Problems error={error} />
      <button type="submit" disabled={!file}>
        Import
      </button>
    </form>
  );
}
