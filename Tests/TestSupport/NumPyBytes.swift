import Foundation

/// `.npy` bytes built by the tests, independently of `NumPyArray.encode`: the format as NumPy's
/// format.py writes it (magic, version, little-endian header length, dict header padded
/// to 64 bytes with a newline, raw data in the stated byte order and memory order).
public enum NumPyBytes {
    /// `values` are row-major; `fortran` stores them column-major; `descr` sets item size and byte order.
    public static func make(descr: String, fortran: Bool, shape: [Int], values: [Double], major: UInt8 = 1,
                     headerOverride: String? = nil) -> Data {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = headerOverride ?? "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shapeText), }"
        let prefix = major == 1 ? 10 : 12
        header += String(repeating: " ", count: (64 - (prefix + header.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [major, 0])
        let length = header.utf8.count
        data.append(contentsOf: major == 1 ? [UInt8(length & 0xFF), UInt8(length >> 8)]
                                           : (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) })
        data.append(contentsOf: Array(header.utf8))
        var ordered = values
        if fortran, shape.count == 2 {
            let (rows, columns) = (shape[0], shape[1])
            ordered = (0..<(rows * columns)).map { k in values[(k % rows) * columns + k / rows] }
        }
        let bigEndian = descr.hasPrefix(">")
        for value in ordered {
            if descr.hasSuffix("4") {
                let bits = Float(value).bitPattern
                withUnsafeBytes(of: bigEndian ? bits.bigEndian : bits.littleEndian) { data.append(contentsOf: $0) }
            } else {
                let bits = value.bitPattern
                withUnsafeBytes(of: bigEndian ? bits.bigEndian : bits.littleEndian) { data.append(contentsOf: $0) }
            }
        }
        return data
    }
}

