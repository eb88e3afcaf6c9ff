import Foundation

/// Writes a ZIP archive of stored (uncompressed) entries: what an XLSX workbook and an evidence
/// pack need. PDFs and Office files are already compressed, so storing costs little, and every
/// unzip tool and spreadsheet reads it. Names are UTF-8 (general purpose bit 11).
public struct ZipWriter: Sendable {
    private var output = Data()
    private var central = Data()
    private var count = 0
    private var usedNames = Set<String>()

    /// Entries and sizes past ZIP's 32-bit limits are refused (no ZIP64 here).
    public static let maxSize = Int(UInt32.max) - 1

    public init() {}

    public enum Failure: Error, Sendable, Hashable {
        case tooLarge
    }

    /// Adds a file. A name used before gets " (2)", " (3)" … before its extension, so two
    /// attachments with one name both arrive.
    public mutating func add(name: String, bytes: Data, modified: Date) throws(Failure) {
        let unique = uniqueName(name)
        let nameBytes = Array(unique.utf8)
        guard bytes.count < Self.maxSize, output.count + bytes.count + nameBytes.count + 30 < Self.maxSize, count < 0xFFFF else {
            throw .tooLarge
        }
        let crc = CRC32.checksum(bytes)
        let (time, date) = Self.dosTimeAndDate(modified)
        let offset = UInt32(output.count)
        var local = Data()
        local.append(littleEndian: UInt32(0x0403_4b50))
        local.append(littleEndian: UInt16(20))  // version needed: 2.0
        local.append(littleEndian: UInt16(0x0800))  // UTF-8 names
        local.append(littleEndian: UInt16(0))  // stored
        local.append(littleEndian: time)
        local.append(littleEndian: date)
        local.append(littleEndian: crc)
        local.append(littleEndian: UInt32(bytes.count))
        local.append(littleEndian: UInt32(bytes.count))
        local.append(littleEndian: UInt16(nameBytes.count))
        local.append(littleEndian: UInt16(0))
        output += local
        output += nameBytes
        output += bytes

        central.append(littleEndian: UInt32(0x0201_4b50))
        central.append(littleEndian: UInt16(0x0314))  // made by: Unix, 2.0
        central.append(littleEndian: UInt16(20))
        central.append(littleEndian: UInt16(0x0800))
        central.append(littleEndian: UInt16(0))
        central.append(littleEndian: time)
        central.append(littleEndian: date)
        central.append(littleEndian: crc)
        central.append(littleEndian: UInt32(bytes.count))
        central.append(littleEndian: UInt32(bytes.count))
        central.append(littleEndian: UInt16(nameBytes.count))
        central.append(littleEndian: UInt16(0))  // extra
        central.append(littleEndian: UInt16(0))  // comment
        central.append(littleEndian: UInt16(0))  // disk
        central.append(littleEndian: UInt16(0))  // internal attributes
        central.append(littleEndian: UInt32(0o100644) << 16)  // a regular file, rw-r--r--
        central.append(littleEndian: offset)
        central += nameBytes
        count += 1
    }

    /// The archive's bytes.
    public func finish() -> Data {
        var end = Data()
        end.append(littleEndian: UInt32(0x0605_4b50))
        end.append(littleEndian: UInt16(0))
        end.append(littleEndian: UInt16(0))
        end.append(littleEndian: UInt16(count))
        end.append(littleEndian: UInt16(count))
        end.append(littleEndian: UInt32(central.count))
        end.append(littleEndian: UInt32(output.count))
        end.append(littleEndian: UInt16(0))
        return output + central + end
    }

    private mutating func uniqueName(_ name: String) -> String {
        var candidate = name
        var number = 2
        while usedNames.contains(candidate.lowercased()) {
            let ns = name as NSString
            let ext = ns.pathExtension
            let stem = ext.isEmpty ? name : ns.deletingPathExtension
            candidate = "\(stem) (\(number))" + (ext.isEmpty ? "" : ".\(ext)")
            number += 1
        }
        usedNames.insert(candidate.lowercased())
        return candidate
    }

    /// MS-DOS time and date in Bangkok local time (what unzip tools show), clamped to 1980–2107.
    static func dosTimeAndDate(_ instant: Date) -> (UInt16, UInt16) {
        let parts = Bangkok.calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        let year = min(max((parts.year ?? 1980) - 1980, 0), 127)
        let time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        let date = UInt16(year << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        return (time, date)
    }
}
