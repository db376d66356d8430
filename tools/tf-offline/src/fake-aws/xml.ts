/** Escapes text for an XML element or attribute. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name>escaped text</name>`. */
export function el(name: string, text: string | number | boolean): string {
  return `<${name}>${xmlEscape(String(text))}</${name}>`;
}
