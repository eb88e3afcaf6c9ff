import Fluent
import Foundation
import PrakatCore
import Testing
import Vapor
import VaporTesting

@testable import PrakatApp

// Helpers for the publishing tests: the default category tree (the demo seeder does not run in
// tests), extra people, JSON and multipart bodies, and a newsroom that drives the real API.

/// The default category tree of seed 1 §1.1–§1.10 with each category's rules, as DemoSeeder makes it.
/// Keeps the `news` category the fixtures already created.
@discardableResult
func installDefaultCategories(_ app: Application) async throws -> [String: SiteCategory] {
    var bySlug: [String: SiteCategory] = [:]
    for existing in try await SiteCategory.query(on: app.db).all() { bySlug[existing.slug] = existing }
    var position = 0
    for entry in DefaultCategories.tree {
        position += 1
        let root = bySlug[entry.slug] ?? SiteCategory(slug: entry.slug, nameTh: entry.nameTh, nameEn: entry.nameEn, clause: entry.clause, position: position * 100)
        root.apply(DefaultCategories.rules(for: entry.slug))
        try await root.save(on: app.db)
        bySlug[entry.slug] = root
        for (index, child) in entry.children.enumerated() {
            let category =
                bySlug[child.slug]
                ?? SiteCategory(
                    parentID: root.id, slug: child.slug, nameTh: child.nameTh, nameEn: child.nameEn,
                    clause: entry.clause, position: position * 100 + index + 1)
            category.parentID = root.id
            category.apply(DefaultCategories.rules(for: child.slug))
            try await category.save(on: app.db)
            bySlug[child.slug] = category
        }
    }
    return bySlug
}

/// Another account with the fixtures' password.
@discardableResult
func makeUser(_ app: Application, _ username: String, roles: Set<Role>, unit: OrgUnit?, displayName: String? = nil) async throws -> User {
    let user = User(
        username: username, displayName: displayName ?? "ทดสอบ \(username)", position: "ตำแหน่งทดสอบ", unitID: unit?.id, roles: roles,
        passwordHash: try Bcrypt.hash(Fixtures.password, cost: 4), mustChangePassword: false)
    try await user.create(on: app.db)
    return user
}

/// A JSON text from a dictionary; escaping is JSONSerialization's, so payloads with quotes survive.
func jsonText(_ object: [String: Any]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}

func rfc3339(_ date: Date) -> String {
    ISO8601DateFormatter().string(from: date)
}

/// multipart/form-data with one `file` part, as a browser sends it.
enum Multipart {
    static let boundary = "----PrakatTestBoundary7MA4YWxkTrZu0gW"
    static var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    static func body(fileName: String, data: Data, fields: [String: String] = [:], fileField: String = "file") -> ByteBuffer {
        var buffer = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        buffer.writeBytes(data)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return buffer
    }

    /// Several files in one body, each under its own (or a shared) field name.
    static func body(files: [(field: String, name: String, data: Data)], fields: [String: String]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            buffer.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            buffer.writeBytes(file.data)
            buffer.writeString("\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return buffer
    }
}

extension Browser {
    /// Sends a file from the request page's upload form (cookie, CSRF field and header).
    func upload(_ path: String, fileName: String, data: Data, fields: [String: String] = [:], fileField: String = "file") async throws -> TestingHTTPResponse {
        let token = try await csrf()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.replaceOrAdd(name: .contentType, value: Multipart.contentType)
        headers.replaceOrAdd(name: CSRFMiddleware.headerName, value: token)
        let response = try await app.testing().performTest(
            request: TestingHTTPRequest(
                method: .POST, url: URI(string: path), headers: headers,
                body: Multipart.body(fileName: fileName, data: data, fields: fields.merging(["_csrf": token]) { $1 }, fileField: fileField)))
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1)
            let name = String(parts[0]).trimmingCharacters(in: .whitespaces)
            let value = parts.count > 1 ? String(parts[1]) : ""
            if value.isEmpty || header.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        return response
    }
}

extension Browser {
    /// Several files from one form post (cookie, CSRF field and header).
    func upload(_ path: String, files: [(field: String, name: String, data: Data)], fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
        let token = try await csrf()
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.replaceOrAdd(name: .contentType, value: Multipart.contentType)
        headers.replaceOrAdd(name: CSRFMiddleware.headerName, value: token)
        return try await app.testing().performTest(
            request: TestingHTTPRequest(
                method: .POST, url: URI(string: path), headers: headers, body: Multipart.body(files: files, fields: fields.merging(["_csrf": token]) { $1 })))
    }
}

extension APIClient {
    static func anonymous(_ app: Application) -> APIClient { APIClient(app: app, token: nil) }

    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, _ object: [String: Any]) async throws -> TestingHTTPResponse {
        try await call(method, path, json: jsonText(object))
    }

    func upload(_ path: String, fileName: String, data: Data, fields: [String: String] = [:]) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        headers.replaceOrAdd(name: .contentType, value: Multipart.contentType)
        return try await app.testing().performTest(
            request: TestingHTTPRequest(
                method: .POST, url: URI(string: path), headers: headers, body: Multipart.body(fileName: fileName, data: data, fields: fields)))
    }
}

extension TestingHTTPResponse {
    var bytes: Data { Data(body.readableBytesView) }
    var isProblemJSON: Bool { headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true }

    /// `errors[]` of a problem+json answer as (field, message) pairs.
    func fieldErrors() throws -> [(field: String, message: String)] {
        let errors = try json()["errors"] as? [[String: Any]] ?? []
        return errors.map { ($0["field"] as? String ?? "", $0["message"] as? String ?? "") }
    }

    /// The `version` a request page's forms carry (optimistic locking).
    var formVersion: Int? {
        guard let range = text.range(of: #"name="version" value="(\d+)""#, options: .regularExpression) else { return nil }
        return Int(text[range].filter(\.isNumber))
    }
}

/// The request id in a redirect to `/staff/requests/<id>` (or `/edit`).
func requestID(inLocation location: String?) -> UUID? {
    guard let location else { return nil }
    let parts = location.split(separator: "/")
    guard parts.count >= 3, parts[0] == "staff", parts[1] == "requests" else { return nil }
    return UUID(uuidString: String(parts[2]))
}

func percentEncoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? text
}

/// The people of the tests and API clients for each, and shortcuts through the real API.
struct Newsroom {
    let app: Application
    let fixtures: Fixtures
    let clock: FixedClock
    let categories: [String: SiteCategory]
    let staff: APIClient
    let head: APIClient
    let uploader: APIClient
    let webmaster: APIClient

    static func open(_ app: Application, _ fixtures: Fixtures, _ clock: FixedClock) async throws -> Newsroom {
        let categories = try await installDefaultCategories(app)
        return Newsroom(
            app: app, fixtures: fixtures, clock: clock, categories: categories,
            staff: try await APIClient.signIn(app, "staff"), head: try await APIClient.signIn(app, "unithead"),
            uploader: try await APIClient.signIn(app, "uploader"), webmaster: try await APIClient.signIn(app, "webmaster"))
    }

    func categoryID(_ slug: String) -> String { categories[slug]!.id!.uuidString }

    /// A draft made through `POST /api/v1/requests`; `fields` add to or replace the defaults.
    func draft(
        _ slug: String = "news", title: String, details: String = "รายละเอียดข่าวสำหรับการทดสอบ", fields: [String: Any] = [:],
        by client: APIClient? = nil
    ) async throws -> UUID {
        var body: [String: Any] = ["categoryId": categoryID(slug), "title": title, "details": details, "externalLinks": [String]()]
        body.merge(fields) { $1 }
        let response = try await (client ?? staff).send(.POST, "/api/v1/requests", body)
        try #require(response.status == .created, "create: \(response.status) \(response.text)")
        return try #require(UUID(uuidString: try response.json()["id"] as? String ?? ""))
    }

    @discardableResult
    func act(_ action: String, _ id: UUID, by client: APIClient, _ body: [String: Any]? = nil) async throws -> TestingHTTPResponse {
        let path = "/api/v1/requests/\(id.lowercased)/\(action)"
        if let body { return try await client.send(.POST, path, body) }
        return try await client.call(.POST, path)
    }

    struct Published {
        var requestID: UUID
        var publicationID: UUID
        var number: Int
        var path: String { "/p/\(number)" }
    }

    /// Staff drafts (with an optional attachment) and submits, the head approves, the uploader publishes.
    func publish(
        _ slug: String = "news", title: String, details: String = "รายละเอียดข่าวสำหรับการทดสอบ", fields: [String: Any] = [:],
        attachment: (name: String, data: Data)? = nil, publishAt: Date? = nil, expireAt: Date? = nil
    ) async throws -> Published {
        let id = try await draft(slug, title: title, details: details, fields: fields)
        if let attachment {
            let uploaded = try await staff.upload("/api/v1/requests/\(id.lowercased)/attachments", fileName: attachment.name, data: attachment.data)
            try #require(uploaded.status == .created, "attach: \(uploaded.status) \(uploaded.text)")
        }
        let submitted = try await act("submit", id, by: staff)
        try #require(submitted.status == .ok, "submit: \(submitted.text)")
        let approved = try await act("approve", id, by: head)
        try #require(approved.status == .ok, "approve: \(approved.text)")
        return try await publishApproved(id, publishAt: publishAt, expireAt: expireAt)
    }

    func publishApproved(_ id: UUID, by client: APIClient? = nil, publishAt: Date? = nil, expireAt: Date? = nil) async throws -> Published {
        var options: [String: Any] = [:]
        if let publishAt { options["publishAt"] = rfc3339(publishAt) }
        if let expireAt { options["expireAt"] = rfc3339(expireAt) }
        let published = try await act("publish", id, by: client ?? uploader, options)
        try #require(published.status == .ok, "publish: \(published.text)")
        let publicationID = try #require(UUID(uuidString: try published.json()["publicationId"] as? String ?? ""))
        let publication = try #require(try await Publication.find(publicationID, on: app.db))
        return Published(requestID: id, publicationID: publicationID, number: publication.number)
    }

    func request(_ id: UUID) async throws -> PublicationRequest {
        try #require(try await PublicationRequest.find(id, on: app.db))
    }

    func auditActions(for id: UUID) async throws -> [String] {
        try await AuditEntry.query(on: app.db).filter(\.$entityID == id.lowercased).sort(\.$sequence).all().map(\.action)
    }
}

/// What anyone on the internet sees.
func visitor(_ app: Application, _ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
    try await Browser(app).request(.GET, path, headers: headers)
}

// MARK: Files built byte by byte

enum TestFiles {
    static func pdf(_ title: String = "เอกสารทดสอบ") -> Data { DemoFiles.pdf(title: title) }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
    static func be32(_ value: Int) -> [UInt8] { le32(value).reversed() }

    static func crc32<C: Collection<UInt8>>(_ bytes: C) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return Int(crc ^ 0xFFFF_FFFF)
    }

    /// A stored (uncompressed) ZIP with these entries.
    static func zip(_ entries: [(name: String, data: [UInt8])]) -> Data {
        var bytes: [UInt8] = []
        var locals: [Int] = []
        for entry in entries {
            locals.append(bytes.count)
            let name = Array(entry.name.utf8)
            bytes += [0x50, 0x4B, 0x03, 0x04] + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x5A21)
            bytes += le32(crc32(entry.data)) + le32(entry.data.count) + le32(entry.data.count)
            bytes += le16(name.count) + le16(0) + name + entry.data
        }
        let directoryStart = bytes.count
        for (entry, local) in Swift.zip(entries, locals) {
            let name = Array(entry.name.utf8)
            bytes += [0x50, 0x4B, 0x01, 0x02] + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x5A21)
            bytes += le32(crc32(entry.data)) + le32(entry.data.count) + le32(entry.data.count)
            bytes += le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(local) + name
        }
        let end = bytes.count
        bytes += [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        bytes += le32(end - directoryStart) + le32(directoryStart) + le16(0)
        return Data(bytes)
    }

    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        return be32(data.count) + typed + be32(crc32(typed))
    }

    /// A 1×1 grey PNG.
    static let png = Data(
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            + pngChunk("IHDR", be32(1) + be32(1) + [8, 0, 0, 0, 0])
            + pngChunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01])
            + pngChunk("IEND", []))

    /// What every Windows program starts with: a 64-byte DOS header, then "PE".
    static let windowsProgram = Data(Array("MZ".utf8) + [UInt8](repeating: 0x90, count: 58) + le32(64) + Array("PE\0\0".utf8) + [UInt8](repeating: 0, count: 60))
}

// MARK: Looking at HTML the way a browser would

/// A small tag scanner: enough to tell a real `<img onerror=…>` from the same text escaped
/// inside an attribute or an element.
enum HTMLTags {
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String)]
    }

    static func scan(_ html: String) -> [Tag] {
        let s = Array(html.unicodeScalars)
        var tags: [Tag] = []
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0C}" }
        while i < s.count {
            guard s[i] == "<", i + 1 < s.count else { i += 1; continue }
            let next = s[i + 1]
            if next == "!" {
                // Comment or doctype.
                if i + 3 < s.count, s[i + 2] == "-", s[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < s.count, !(s[j] == "-" && s[j + 1] == "-" && s[j + 2] == ">") { j += 1 }
                    i = j + 3
                } else {
                    while i < s.count, s[i] != ">" { i += 1 }
                    i += 1
                }
                continue
            }
            if next == "/" {
                while i < s.count, s[i] != ">" { i += 1 }
                i += 1
                continue
            }
            guard next.properties.isAlphabetic else { i += 1; continue }
            var j = i + 1
            var name = ""
            while j < s.count, !isSpace(s[j]), s[j] != ">", s[j] != "/" { name.unicodeScalars.append(s[j]); j += 1 }
            var attributes: [(String, String)] = []
            while j < s.count {
                while j < s.count, isSpace(s[j]) || s[j] == "/" { j += 1 }
                guard j < s.count, s[j] != ">" else { break }
                var attribute = ""
                while j < s.count, !isSpace(s[j]), s[j] != "=", s[j] != ">", s[j] != "/" { attribute.unicodeScalars.append(s[j]); j += 1 }
                while j < s.count, isSpace(s[j]) { j += 1 }
                var value = ""
                if j < s.count, s[j] == "=" {
                    j += 1
                    while j < s.count, isSpace(s[j]) { j += 1 }
                    if j < s.count, s[j] == "\"" || s[j] == "'" {
                        let quote = s[j]
                        j += 1
                        while j < s.count, s[j] != quote { value.unicodeScalars.append(s[j]); j += 1 }
                        j += 1
                    } else {
                        while j < s.count, !isSpace(s[j]), s[j] != ">" { value.unicodeScalars.append(s[j]); j += 1 }
                    }
                }
                if !attribute.isEmpty { attributes.append((attribute.lowercased(), value)) }
            }
            tags.append(Tag(name: name.lowercased(), attributes: attributes))
            i = j + 1
            // Raw text: skip a script's or style's content to its end tag.
            if ["script", "style"].contains(name.lowercased()) {
                let rest = String(String.UnicodeScalarView(s[min(i, s.count)...]))
                if let end = rest.range(of: "</\(name.lowercased())", options: .caseInsensitive) {
                    i += rest.unicodeScalars.distance(from: rest.unicodeScalars.startIndex, to: end.lowerBound)
                } else {
                    i = s.count
                }
            }
        }
        return tags
    }

    /// Everything in `html` a browser would run: inline scripts, event handler attributes,
    /// `javascript:` URLs, and the payload's `<img src=x>`.
    static func dangers(_ html: String) -> [String] {
        var found: [String] = []
        for tag in scan(html) {
            let src = tag.attributes.first { $0.name == "src" }?.value
            if tag.name == "script", !(src?.hasPrefix("/") ?? false) { found.append("<script> without a local src") }
            if tag.name == "img", src == "x" { found.append("<img src=x>") }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") { found.append("<\(tag.name) \(name)=…>") }
                let url = value.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
                if ["href", "src", "action", "formaction", "xlink:href", "content"].contains(name), url.hasPrefix("javascript:") {
                    found.append("<\(tag.name) \(name)=\"javascript:…\">")
                }
            }
        }
        if html.lowercased().contains("<script>") { found.append("raw <script>") }
        if html.contains(#"href="javascript:"#) { found.append(#"href="javascript:"#) }
        return found
    }
}
