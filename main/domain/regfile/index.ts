export { parseRegFile } from './parse';
export { writeRegFile, writeRegFileText } from './write';
export { REG_FILE_MAX_BYTES, RegFileError, RegFileTooLargeError, type RegFileProblem } from './errors';
export {
  REG_FILE_HEADER_V4,
  REG_FILE_HEADER_V5,
  expandHive,
  shortenHive,
  type RegFile,
  type RegFileBlock,
  type RegFileEntry,
} from './model';
export {
  REG_TYPE_CODE,
  decodeUtf16le,
  describeInvalidValue,
  encodeUtf16le,
  splitMultiString,
  typeCodeOf,
  valueFromBytes,
  valueToBytes,
} from './values';
