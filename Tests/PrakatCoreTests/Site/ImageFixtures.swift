import Foundation

@testable import PrakatCore

/// Images for the Site tests: JPEG and PNG files assembled segment by segment, so each test shows
/// what it feeds the reader, and four small real files written by Pillow at test-writing time (kept
/// here as base64; the tests do not need Python).
enum ImageFixture {
    typealias F = Fixture

    // MARK: JPEG, by hand

    static let soi: [UInt8] = [0xFF, 0xD8]
    static let eoi: [UInt8] = [0xFF, 0xD9]

    /// A marker segment: 0xFF, the marker, a big-endian length that counts itself, the payload.
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        [0xFF, marker, UInt8((payload.count + 2) >> 8 & 0xFF), UInt8((payload.count + 2) & 0xFF)] + payload
    }

    static func be16(_ value: Int) -> [UInt8] { [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)] }

    static let app0 = segment(0xE0, F.ascii("JFIF\0") + [1, 1, 0, 0, 1, 0, 1, 0, 0])
    static let dqt = segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
    /// A DC and an AC table of one code each: enough structure for the walk, not for a decoder.
    static let dht = segment(0xC4, [0x00, 1] + [UInt8](repeating: 0, count: 15) + [0]) + segment(0xC4, [0x10, 1] + [UInt8](repeating: 0, count: 15) + [0])
    static let sos = segment(0xDA, [1, 1, 0x00, 0, 63, 0])
    /// Scan data with what a marker search must step over: stuffed 0xFF 0x00, restart markers, fill bytes.
    static let scanData: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF, 0x00, 0x78, 0xFF, 0xD7, 0x9A, 0xFF]

    /// Start of frame `marker` (SOF0 by default): precision 8, height, width, one component.
    static func sof(width: Int, height: Int, marker: UInt8 = 0xC0) -> [UInt8] {
        segment(marker, [8] + be16(height) + be16(width) + [1, 1, 0x11, 0])
    }

    /// SOI, `head` segments, DQT, SOF, DHT, SOS, scan data, EOI.
    static func jpeg(_ head: [[UInt8]] = [app0], width: Int = 640, height: Int = 480, sofMarker: UInt8 = 0xC0) -> [UInt8] {
        soi + head.joined() + dqt + sof(width: width, height: height, marker: sofMarker) + dht + sos + scanData + eoi
    }

    /// An APP1 Exif payload: "Exif\0\0", a TIFF header, IFD0 with Make, Orientation (when given) and a
    /// pointer to a GPS IFD holding latitude and longitude references and values.
    static func exif(orientation: Int?, bigEndian: Bool = true, orientationType: Int = 3) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] { bigEndian ? be16(value) : F.le16(value) }
        func u32(_ value: Int) -> [UInt8] { bigEndian ? F.be32(value) : F.le32(value) }
        func entry(_ tag: Int, _ type: Int, _ count: Int, _ value: [UInt8]) -> [UInt8] {
            u16(tag) + u16(type) + u32(count) + value + [UInt8](repeating: 0, count: 4 - value.count)
        }
        var ifd0: [[UInt8]] = [entry(0x010F, 2, 4, F.ascii("Cam\0"))]
        if let orientation { ifd0.append(entry(0x0112, orientationType, 1, u16(orientation))) }
        let gpsOffset = 8 + 2 + 12 * (ifd0.count + 1) + 4
        ifd0.append(entry(0x8825, 4, 1, u32(gpsOffset)))
        let gps = u16(2) + entry(0x0001, 2, 2, F.ascii("N\0")) + entry(0x0003, 2, 2, F.ascii("E\0")) + u32(0) + F.ascii("GPS 13.7563N 100.5018E")
        let header = (bigEndian ? F.ascii("MM") : F.ascii("II")) + u16(42) + u32(8)
        return ImageDimensions.exifHeader + header + u16(ifd0.count) + ifd0.joined() + u32(0) + gps
    }

    static func app1Exif(orientation: Int?, bigEndian: Bool = true) -> [UInt8] {
        segment(0xE1, exif(orientation: orientation, bigEndian: bigEndian))
    }

    static let xmp = segment(0xE1, F.ascii("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude=\"13,45N\"/></x:xmpmeta>"))
    static let comment = segment(0xFE, F.ascii("GPS 13.7563N taken by somchai"))
    static let iccProfile = segment(0xE2, F.ascii("ICC_PROFILE\0") + [1, 1] + [UInt8](repeating: 0x42, count: 40))
    static let mpf = segment(0xE2, F.ascii("MPF\0") + [UInt8](repeating: 0, count: 8))
    static let adobe = segment(0xEE, F.ascii("Adobe") + [0, 100, 0, 0, 0, 0, 2])
    static let photoshop = segment(0xED, F.ascii("Photoshop 3.0\08BIM") + [4, 4, 0, 0, 0, 0, 0, 4] + F.ascii("name"))

    // MARK: PNG, by hand

    static func png(width: Int = 4, height: Int = 3, extra: [[UInt8]] = []) -> [UInt8] {
        Signature.png + F.pngChunk("IHDR", F.be32(width) + F.be32(height) + [8, 2, 0, 0, 0]) + extra.joined()
            + F.pngChunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]) + F.pngChunk("IEND", [])
    }

    // MARK: Real files

    static func base64(_ lines: [String]) -> [UInt8] {
        Data(base64Encoded: lines.joined()).map { [UInt8]($0) } ?? []
    }

    /// 16×8 baseline JPEG from Pillow: JFIF, EXIF (orientation 6, Make, GPS IFD), ICC profile, COM, XMP, Photoshop IRB, an MPF APP2, and bytes after EOI.
    static let photoJPEG = base64([
        "/9j/4AAQSkZJRgABAQAAAQABAAD/4QCsRXhpZgAATU0AKgAAAAgAAwEPAAIAAAALAAAAMgESAAMAAAABAAYAAIglAAQAAAABAAAAPgAAAABQaG9uZU1ha2VyAAAABAABAAIAAAACTgAAAAACAAUAAAADAAAAdAAD",
        "AAIAAAACRQAAAAAEAAUAAAADAAAAjAAAAAAAAAANAAAAAQAAAC0AAAABAAAAAwAAAAIAAABkAAAAAQAAAB4AAAABAAAACQAAAAT/4gJcSUNDX1BST0ZJTEUAAQEAAAJMbGNtcwRAAABtbnRyUkdCIFhZWiAH6gAM",
        "AAIAEwAMADVhY3NwQVBQTAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA9tYAAQAAAADTLWxjbXMAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAtkZXNjAAABCAAAADZjcHJ0",
        "AAABQAAAAEx3dHB0AAABjAAAABRjaGFkAAABoAAAACxyWFlaAAABzAAAABRiWFlaAAAB4AAAABRnWFlaAAAB9AAAABRyVFJDAAACCAAAACBnVFJDAAACCAAAACBiVFJDAAACCAAAACBjaHJtAAACKAAAACRtbHVj",
        "AAAAAAAAAAEAAAAMZW5VUwAAABoAAAAcAHMAUgBHAEIAIABiAHUAaQBsAHQALQBpAG4AAG1sdWMAAAAAAAAAAQAAAAxlblVTAAAAMAAAABwATgBvACAAYwBvAHAAeQByAGkAZwBoAHQALAAgAHUAcwBlACAAZgBy",
        "AGUAZQBsAHlYWVogAAAAAAAA9tYAAQAAAADTLXNmMzIAAAAAAAEMQgAABd7///MlAAAHkwAA/ZD///uh///9ogAAA9wAAMBuWFlaIAAAAAAAAG+gAAA49QAAA5BYWVogAAAAAAAAJJ8AAA+EAAC2w1hZWiAAAAAA",
        "AABilwAAt4cAABjZcGFyYQAAAAAAAwAAAAJmZgAA8qcAAA1ZAAAT0AAACltjaHJtAAAAAAADAAAAAKPXAABUewAATM0AAJmaAAAmZgAAD1z//gAeR1BTIDEzLjc1TiAxMDAuNUUgYnkgc29tY2hhaf/hAJFodHRw",
        "Oi8vbnMuYWRvYmUuY29tL3hhcC8xLjAvADx4OnhtcG1ldGEgeG1sbnM6eD0iYWRvYmU6bnM6bWV0YS8iPjxyZGY6UkRGPjxyZGY6RGVzY3JpcHRpb24gZXhpZjpHUFNMYXRpdHVkZT0iMTMsNDUuMDJOIi8+PC9y",
        "ZGY6UkRGPjwveDp4bXBtZXRhPv/tAChQaG90b3Nob3AgMy4wADhCSU0EBAAAAAAADBwCUAAHc29tY2hhaf/iAA5NUEYAAAAAAAAAAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxO",
        "QERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAIABADASIAAhEBAxEB/8QAHwAA",
        "AQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZ",
        "WmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcI",
        "CQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaH",
        "iImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwChb6F0+StO30Lp8lFFZ1cTU7nPl+Lq6an/2VRSQUlMRVI6IHNlY29u",
        "ZCBpbWFnZSB3aXRoIEdQUw=="
    ])

    /// 16×16 progressive greyscale JPEG from Pillow with EXIF (orientation 1), and a COM and an APP1 put between its first and second scans.
    static let progressiveJPEG = base64([
        "/9j/4AAQSkZJRgABAQAAAQABAAD/4QAiRXhpZgAATU0AKgAAAAgAAQESAAMAAAABAAEAAAAAAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQ",
        "YEpRUk//wgALCAAQABABAREA/8QAFQABAQAAAAAAAAAAAAAAAAAABgX/2gAIAQEAAAABlJzSj//EABUQAQEAAAAAAAAAAAAAAAAAAAAE//4AD2JldHdlZW4gc2NhbnP/4QASRXhpZgAATU0AKgAAAAgAAP/aAAgB",
        "AQABBQKdOnTv/8QAFBABAAAAAAAAAAAAAAAAAAAAIP/aAAgBAQAGPwIf/8QAFhAAAwAAAAAAAAAAAAAAAAAAAAEx/9oACAEBAAE/IUgkEgkP/9oACAEBAAAAEG//xAAUEAEAAAAAAAAAAAAAAAAAAAAg/9oACAEB",
        "AAE/EAAB/9k="
    ])

    /// 8×8 CMYK JPEG from Pillow: its APP14 Adobe segment says how to read the colours.
    static let cmykJPEG = base64([
        "/9j/7gAOQWRvYmUAZAAAAAAA/9sAQwAQCwwODAoQDg0OEhEQExgoGhgWFhgxIyUdKDozPTw5Mzg3QEhcTkBEV0U3OFBtUVdfYmdoZz5NcXlwZHhcZWdj/8AAFAgACAAIBEMRAE0RAFkRAEsRAP/EAB8AAAEFAQEB",
        "AQEBAAAAAAAAAAABAgMEBQYHCAkKC//EALUQAAIBAwMCBAMFBQQEAAABfQECAwAEEQUSITFBBhNRYQcicRQygZGhCCNCscEVUtHwJDNicoIJChYXGBkaJSYnKCkqNDU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVm",
        "Z2hpanN0dXZ3eHl6g4SFhoeIiYqSk5SVlpeYmZqio6Slpqeoqaqys7S1tre4ubrCw8TFxsfIycrS09TV1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5+v/aAA4EQwBNAFkASwAAPwDu65quxrva/9k="
    ])

    /// 4×3 PNG from Pillow: tIME, iCCP, tEXt, zTXt, iTXt (Thai), eXIf, IDAT, IEND, then bytes after IEND.
    static let metadataPNG = base64([
        "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAAB3RJTUUH6QMOCR4AgXDpWQAAAXdpQ0NQSUNDIFByb2ZpbGUAAHicdZG9S8NQFMVPU6WilQ51EHHIUMWhBVEUR61DlyKlVrDqkrwmrZCk4SVFiqvg",
        "4lBwEF38GvwPdBVcFQRBEUScHf1apMT7mkKLtC+8d3+cvHO5OQGktMFMp2ceMC2XZ1NJeTW/JofeEYaEKJ0zCnPshUwmja7r5xEBUR8Solf3ex3XQEFzGBDoI55lNneJaRqkt1xb8B7xECspBeIT4jinAYlvha76",
        "/Ca46POXYJ7LLgKS6CkX21htY1biJvEEccw0Kqw5j/iSsGatLFMdoT0KB1mkkIQMFRVswoCLBFWLMuvsm2z4llAmD6PTRhWcHEWUyBsntUJdNao66Ro9Bqoi9/95Ovr0lN89nAR6Xz3vcwwI7QP1muf9nnpe/QwI",
        "vgDXVstfppzmvkmvtbTYMRDZAS5vWpp6AFztAsPPtsKVhhSkLek68HEBDOaB6D3Qv+5n1XyP8ycgt02/6A44PALG6X5k4w8OXGgQmSs7FQAAAA50RVh0QXV0aG9yAHNvbWNoYWkRich9AAAAG3pUWHRDb21tZW50",
        "AAB4nHMPCFYwNNYzN/UDAA1SAld1u1BeAAAAMGlUWHREZXNjcmlwdGlvbgAAAHRoAADguKDguLLguJ7guIHguLTguIjguIHguKPguKPguKFBMV7zAAAApGVYSWZNTQAqAAAACAADAQ8AAgAAAAsAAAAyARIAAwAA",
        "AAEABgAAiCUABAAAAAEAAAA+AAAAAFBob25lTWFrZXIAAAAEAAEAAgAAAAJOAAAAAAIABQAAAAMAAAB0AAMAAgAAAAJFAAAAAAQABQAAAAMAAACMAAAAAAAAAA0AAAABAAAALQAAAAEAAAADAAAAAgAAAGQAAAAB",
        "AAAAHgAAAAEAAAAJAAAABCMXkswAAAAUSURBVHicY5T3q2SAASYGJIDCAQAhgADsrIA38QAAAABJRU5ErkJggmFwcGVuZGVkIHppcD8="
    ])
}
