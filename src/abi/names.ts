// JS names of WIT identifiers, as jco spells them: kebab-case → lowerCamelCase for record fields and
// flags (`my-field` → `myField`, `http-URL` → `httpUrl`); enum cases and variant tags keep their WIT name.

export function toLowerCamelCase(name: string): string {
  const parts = name.split('-');
  let out = parts[0].toLowerCase();
  for (let i = 1; i < parts.length; i++) {
    const p = parts[i];
    if (p.length === 0) continue;
    out += p[0].toUpperCase() + p.slice(1).toLowerCase();
  }
  return out;
}
