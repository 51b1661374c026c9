/** Go's unicode.IsSpace: Latin-1 spaces plus the Unicode White_Space characters above U+00FF. */
export function isSpace(r: number): boolean {
  if (r <= 0xff) return (r >= 0x09 && r <= 0x0d) || r === 0x20 || r === 0x85 || r === 0xa0;
  return (
    r === 0x1680 ||
    (r >= 0x2000 && r <= 0x200a) ||
    r === 0x2028 ||
    r === 0x2029 ||
    r === 0x202f ||
    r === 0x205f ||
    r === 0x3000
  );
}
