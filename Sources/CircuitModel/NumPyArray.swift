import Foundation

/// A floating-point array read from (or written as) NumPy's `.npy` format, the layout
/// `numpy.save` writes (docs/numpy-arrays.md):
///
///     "\x93NUMPY" major minor  header-length  header  data
///
/// `major.minor` is 1.0 (header length: 2 bytes little-endian; ASCII header), 2.0 or 3.0
/// (4 bytes; 3.0 allows UTF-8 in the header). The header is a Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and a
/// newline. The data are the raw items, in C (row-major) or Fortran (column-major) order.
///
/// Read: dtypes `<f8`, `>f8` (float64) and `<f4`, `>f4` (float32, widened exactly to
/// Double), 0 to 2 dimensions, either order. Everything else is a `NumPyFormatError`:
/// object and structured dtypes, integers, complex, float16/longdouble, missing or extra
/// header keys, a data size different from shape × item size (truncated or trailing bytes).
/// - Complexity: O(number of elements); the data are converted once.
public struct NumPyArray: Sendable, Equatable {
    /// Element types this reader accepts.
    public enum ElementType: String, Sendable, Equatable, CaseIterable {
        case float64LittleEndian = "<f8"
        case float64BigEndian = ">f8"
        case float32LittleEndian = "<f4"
        case float32BigEndian = ">f4"

        /// Bytes per element.
        public var itemSize: Int { self == .float64LittleEndian || self == .float64BigEndian ? 8 : 4 }
        /// "float64" or "float32" (NumPy's dtype name).
        public var name: String { itemSize == 8 ? "float64" : "float32" }
        var isBigEndian: Bool { self == .float64BigEndian || self == .float32BigEndian }
    }

    /// The dimensions; [] for a 0-d array (one element).
    public let shape: [Int]
    /// The element type as stored in the file.
    public let elementType: ElementType
    /// True when the file stored the data in Fortran (column-major) order.
    public let fortranOrder: Bool
    /// The format version as stored ("1.0", "2.0", "3.0").
    public let version: String
    /// Every element in C (row-major) order, whatever order the file used.
    public let values: [Double]

    /// Number of elements: the product of `shape` (1 for a 0-d array).
    public var count: Int { values.count }

    public init(shape: [Int], values: [Double], elementType: ElementType = .float64LittleEndian,
                fortranOrder: Bool = false, version: String = "1.0") {
        self.shape = shape
        self.values = values
        self.elementType = elementType
        self.fortranOrder = fortranOrder
        self.version = version
    }

    /// The first six bytes of every `.npy` file.
    public static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)
    /// Larger arrays are refused before any allocation (2³¹ elements = 16 GiB as float64).
    static let maximumElementCount = 1 << 31

    /// Parses `.npy` bytes.
    public static func parse(_ data: Data) throws(NumPyFormatError) -> NumPyArray {
        let bytes = [UInt8](data)
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else { throw .notNumPy }
        guard bytes.count >= 10 else { throw .truncatedHeader(found: bytes.count) }
        let major = bytes[6], minor = bytes[7]
        guard minor == 0, (1...3).contains(major) else { throw .unsupportedVersion(major: Int(major), minor: Int(minor)) }
        let headerStart = major == 1 ? 10 : 12
        guard bytes.count >= headerStart else { throw .truncatedHeader(found: bytes.count) }
        let headerLength = major == 1
            ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        guard bytes.count >= headerStart + headerLength else { throw .truncatedHeader(found: bytes.count) }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        if major < 3, headerBytes.contains(where: { $0 >= 0x80 }) { throw .malformedHeader("non-ASCII byte in a version \(major).0 header") }
        guard let header = String(bytes: headerBytes, encoding: .utf8) else { throw .malformedHeader("not UTF-8 text") }
        let fields = try NumPyHeader.parse(header)

        let count = try elementCount(fields.shape)
        let dataStart = headerStart + headerLength
        let expected = count * fields.elementType.itemSize
        let found = bytes.count - dataStart
        guard found == expected else {
            throw found < expected ? .truncatedData(expectedBytes: expected, foundBytes: found)
                                   : .trailingData(expectedBytes: expected, foundBytes: found)
        }
        var stored = [Double](repeating: 0, count: count)
        let type = fields.elementType
        bytes.withUnsafeBufferPointer { buffer in
            var offset = dataStart
            for index in 0..<count {
                stored[index] = element(buffer, at: offset, type)
                offset += type.itemSize
            }
        }
        let values = fields.fortranOrder && fields.shape.count == 2
            ? transposed(stored, rows: fields.shape[0], columns: fields.shape[1]) : stored
        return NumPyArray(shape: fields.shape, values: values, elementType: type, fortranOrder: fields.fortranOrder,
                          version: "\(major).\(minor)")
    }

    /// `.npy` bytes: version 1.0 (2.0 when the header would not fit in 65535 bytes), `<f8`,
    /// C order, header padded so the data start at a multiple of 64 bytes, as NumPy writes.
    public static func encode(shape: [Int], values: [Double]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText(shape)), }"
        let major: UInt8 = header.utf8.count + 12 + 64 > 65_535 ? 2 : 1
        let prefix = major == 1 ? 10 : 12
        let total = prefix + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var data = Data(magic + [major, 0])
        let length = header.utf8.count
        if major == 1 {
            data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        } else {
            data.append(contentsOf: (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) })
        }
        data.append(contentsOf: Array(header.utf8))
        data.reserveCapacity(data.count + 8 * values.count)
        for value in values {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    private static func elementCount(_ shape: [Int]) throws(NumPyFormatError) -> Int {
        guard shape.count <= 2 else { throw .unsupportedShape(shape) }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= maximumElementCount else { throw .tooLarge(shape) }
            count = product
        }
        return count
    }

    private static func element(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int, _ type: ElementType) -> Double {
        var bits: UInt64 = 0
        for k in 0..<type.itemSize {
            let byte = UInt64(buffer[offset + (type.isBigEndian ? k : type.itemSize - 1 - k)])
            bits = bits << 8 | byte
        }
        return type.itemSize == 8 ? Double(bitPattern: bits) : Double(Float(bitPattern: UInt32(truncatingIfNeeded: bits)))
    }

    /// Column-major storage of a rows × columns matrix → row-major values.
    private static func transposed(_ columnMajor: [Double], rows: Int, columns: Int) -> [Double] {
        var rowMajor = [Double](repeating: 0, count: columnMajor.count)
        for j in 0..<columns {
            for i in 0..<rows { rowMajor[i * columns + j] = columnMajor[i + j * rows] }
        }
        return rowMajor
    }
}

/// Why `.npy` bytes are refused; `description` is the problem (the caller adds file and key).
public enum NumPyFormatError: Error, Equatable, CustomStringConvertible {
    case notNumPy
    case truncatedHeader(found: Int)
    case unsupportedVersion(major: Int, minor: Int)
    case malformedHeader(String)
    case unsupportedElementType(String)
    case unsupportedShape([Int])
    case tooLarge([Int])
    case truncatedData(expectedBytes: Int, foundBytes: Int)
    case trailingData(expectedBytes: Int, foundBytes: Int)

    public var description: String {
        switch self {
        case .notNumPy: return "not a NumPy .npy array (the file does not start with \\x93NUMPY)"
        case let .truncatedHeader(found): return "truncated .npy header (\(found) bytes in all)"
        case let .unsupportedVersion(major, minor): return "unsupported .npy format version \(major).\(minor) (read: 1.0, 2.0, 3.0)"
        case let .malformedHeader(reason): return "malformed .npy header: \(reason)"
        case let .unsupportedElementType(descr):
            let why = descr.contains("O") ? " (object arrays hold pickled Python objects and are never read)" : ""
            return "dtype '\(descr)' is not read\(why); save float64 or float32 (descr '<f8', '>f8', '<f4', '>f4')"
        case let .unsupportedShape(shape): return "\(shape.count)-dimensional array (shape \(NumPyArray.shapeText(shape))); only vectors and matrices are read"
        case let .tooLarge(shape): return "array of shape \(NumPyArray.shapeText(shape)) is too large"
        case let .truncatedData(expected, found): return "truncated data: shape × item size is \(expected) bytes, the file has \(found)"
        case let .trailingData(expected, found): return "\(found - expected) bytes after the data (shape × item size is \(expected) bytes)"
        }
    }
}

extension NumPyArray {
    /// "(3, 4)", "(3,)", "()": NumPy's spelling of a shape.
    public static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
