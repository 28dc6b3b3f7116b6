/** How a linker's pairs compare with the ground truth. */
export interface LinkScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Right pairs over predicted pairs; 1 when nothing was predicted. */
  precision: number;
  /** Right pairs over true pairs; 1 when there is nothing to find. */
  recall: number;
}

/**
 * Scores `predicted` `[salesforce id, hubspot id]` pairs against `truth` pairs (ordered: the Salesforce id first).
 * A pair given twice counts once on either side.
 */
export function scoreLinks(truth: readonly (readonly [string, string])[], predicted: readonly (readonly [string, string])[]): LinkScore {
  const pairKey = ([sf, hs]: readonly [string, string]) => JSON.stringify([sf, hs]);
  const right = new Set(truth.map(pairKey));
  const guessed = new Set(predicted.map(pairKey));
  const truePositives = [...guessed].filter((p) => right.has(p)).length;
  return {
    truePositives,
    falsePositives: guessed.size - truePositives,
    falseNegatives: right.size - truePositives,
    precision: guessed.size === 0 ? 1 : truePositives / guessed.size,
    recall: right.size === 0 ? 1 : truePositives / right.size,
  };
}

/**
 * How many records are surplus copies: records whose key another record before them already has (three records
 * sharing one e-mail are two duplicates). Records without a key count as unique. Pass {@link emailKey} or
 * {@link domainKey} of a field as `keyOf`.
 */
export function duplicatesIn<T>(records: readonly T[], keyOf: (record: T) => string | undefined): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const record of records) {
    const key = keyOf(record);
    if (key === undefined || key === '') continue;
    if (seen.has(key)) duplicates++;
    else seen.add(key);
  }
  return duplicates;
}

/** An e-mail address as one mailbox: trimmed, lower case. */
export function emailKey(email: string | undefined | null): string | undefined {
  const key = email?.trim().toLowerCase();
  return key ? key : undefined;
}

/**
 * A website or domain as one host: "HTTPS://www.Acme.example/en-us" and "acme.example" are both "acme.example"
 * (scheme, `www.`, port, path, query and a trailing dot dropped, lower case).
 */
export function domainKey(website: string | undefined | null): string | undefined {
  const host = website
    ?.trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/\.$/, '')
    .replace(/^www\./, '');
  return host ? host : undefined;
}
