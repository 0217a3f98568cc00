// The JSON API: every failure becomes an Error with the server's message (and line/column for model errors).

export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.error ? body.error : `request failed with status ${status}`);
    this.status = status;
    this.line = body ? body.line : undefined;
    this.column = body ? body.column : undefined;
  }
}

async function handle(response) {
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export async function getJson(path) {
  return handle(await fetch(path, { headers: { accept: 'application/json' } }));
}

export async function postJson(path, body) {
  return handle(await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  }));
}

/** POSTs and returns the answer as text (CSV downloads). */
export async function postText(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) {
    const type = response.headers.get('content-type') || '';
    throw new ApiError(response.status, type.includes('json') ? await response.json() : null);
  }
  return response.text();
}

let compoundsPromise;
/** The compound library (fetched once). */
export function compounds() {
  compoundsPromise ??= getJson('api/compounds').then(r => r.compounds);
  return compoundsPromise;
}

let optionsPromise;
/** The values each regimen option allows (fetched once). */
export function options() {
  optionsPromise ??= getJson('api/options');
  return optionsPromise;
}
