/** A setting that is missing or invalid, named (a param, or `products[id].SETTING`). */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${setting} ${problem}`);
    this.name = "ConfigError";
  }
}
