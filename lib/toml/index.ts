/**
 * TOML as Helm's `toToml`/`fromToml` see it (BurntSushi/toml v1.4.0).
 */
export { encodeToml, isTomlEncodeError } from './encode.ts';
export { ARRAY_OF_TABLES, decodeToml } from './decode.ts';
export type { DatetimeFactory, TomlDatetime } from './decode.ts';
