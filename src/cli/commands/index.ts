// Each command module registers itself with addCommand when imported.
export {};
