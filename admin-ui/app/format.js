// Numbers, times and ids as people read them, in the browser's locale.

const numbers = new Intl.NumberFormat();
const dateTimes = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'});
const relativeTimes = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});

export function number(n) {
  return n == null ? '—' : numbers.format(n);
}

/** "3 rules", "1 rule", "1,024 files". */
export function count(n, singular, plural = `${singular}s`) {
  return `${number(n)} ${n === 1 ? singular : plural}`;
}

export function dateTime(iso) {
  return iso ? dateTimes.format(new Date(iso)) : '—';
}

/** "5 minutes ago", "yesterday". */
export function ago(iso, now = Date.now()) {
  if (!iso) {
    return '';
  }
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) {
      return relativeTimes.format(Math.round(seconds / size), unit);
    }
  }
  return 'just now';
}

/** The first 12 hex digits of a SHA-256: enough to tell revisions apart by eye. */
export function shortSha(sha) {
  return sha ? sha.slice(0, 12) : '—';
}

export function revision(n) {
  return n == null ? '—' : `#${number(n)}`;
}

/** "DRAFT" → "Draft". */
export function label(enumName) {
  return enumName ? enumName.charAt(0) + enumName.slice(1).toLowerCase().replaceAll('_', ' ') : '—';
}

const percents = new Intl.NumberFormat(undefined, {style: 'percent', maximumFractionDigits: 1});

/** 0.024 → "2.4%". */
export function percent(share) {
  return share == null || !Number.isFinite(share) ? '—' : percents.format(share);
}

/** An instant as the value of an <input type="datetime-local"> (the browser's time zone, to the minute). */
export function localInput(date) {
  const d = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
}

/** The value of an <input type="datetime-local"> as the API's ISO instant, or null when empty. */
export function instantOf(localValue) {
  return localValue ? new Date(localValue).toISOString() : null;
}

/** ['a', 'b', 'c'] → "a, b and c". */
export function list(words) {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

const sizes = new Intl.NumberFormat(undefined, {maximumFractionDigits: 1});

/** 298 → "298 bytes", 13_400_000 → "13.4 MB" (decimal units, as file managers show them). */
export function bytes(n) {
  if (n == null) {
    return '—';
  }
  if (n < 1000) {
    return count(n, 'byte');
  }
  const [unit, size] = n < 1e6 ? ['kB', 1e3] : n < 1e9 ? ['MB', 1e6] : ['GB', 1e9];
  return `${sizes.format(n / size)} ${unit}`;
}
