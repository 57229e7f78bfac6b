// The JSON Schemas in /schemas are bundled by esbuild (its json loader); the wizards read field lists, enums
// and descriptions from them so the forms follow the formats' one source of truth.
declare module '*.schema.json' {
  const schema: import('./schemaFields').JsonSchema;
  export default schema;
}
