// Public surface of the file and stream formats Clearway reads and writes.
export { LineSplitter, parseLine, type Line } from './ndjson.ts';
export { toCsv, consignmentCsvHeader, consignmentCsvRow } from './csv.ts';
