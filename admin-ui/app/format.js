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
