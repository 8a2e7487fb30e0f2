// The CSV helper moved to render/csv.ts (the report files in render/ need it, and render/ does not
// import services); kept here so services' importers need not change.
export { csvLines, escapeCell, toCsv, toCsvSections } from '../render/csv.ts';
