import Crypto
import Fluent
import Foundation
import PrakatCore
import Vapor

/// `prakat generate --items N [--attachments]`: fills an empty database with N published items of
/// realistic Thai text for benchmarks and load tests. It refuses a database that holds real
/// content: only an install with nothing published (or only earlier generated items) is filled.
struct GenerateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "items", help: "How many published items to create.")
        var items: Int?
        @Flag(name: "attachments", help: "Give about one item in four a PDF attachment (searched by its name).")
        var attachments: Bool
        @Option(name: "seed", help: "Random seed (the same seed gives the same items).")
        var seed: Int?
        @Option(name: "per-minute", help: "Publish at this rate instead of all at once (a write load beside a read benchmark).")
        var perMinute: Int?
        @Flag(name: "print-search-terms", help: "Print words and word pieces of the generated text, one per line (for scripts/bench), and stop.")
        var printSearchTerms: Bool
        init() {}
    }

    let help = "Fills an empty database with N published items of Thai text, for benchmarks (refuses real content)."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.printSearchTerms {
            for term in SampleThaiText.searchTerms() { context.console.print(term) }
            return
        }
        guard let count = signature.items, (1...2_000_000).contains(count) else {
            context.console.error("ระบุจำนวนรายการ --items ระหว่าง 1 ถึง 2,000,000 (give --items between 1 and 2,000,000)")
            app.exitCode = 2
            return
        }
        try await prepareDatabase(app, seedDemo: false)
        if let reason = try await BulkItems.realContent(on: app.db) {
            context.console.error("ไม่สร้างข้อมูลจำลอง: ฐานข้อมูลนี้มีข้อมูลจริงอยู่แล้ว (\(reason)) — use a fresh data directory (refused: the database holds real content)")
            app.exitCode = 1
            return
        }
        let started = Date()
        if let rate = signature.perMinute, !(1...600_000).contains(rate) {
            context.console.error("--per-minute ต้องอยู่ระหว่าง 1 ถึง 600,000 (must be between 1 and 600,000)")
            app.exitCode = 2
            return
        }
        var bulk = BulkItems(app: app, seed: signature.seed.map { UInt64(truncatingIfNeeded: $0) } ?? 2570)
        bulk.perMinute = signature.perMinute
        let outcome = try await bulk.generate(count: count, attachments: signature.attachments) { done in
            context.console.print("… \(done) / \(count)")
        }
        context.console.print(
            "สร้างรายการเผยแพร่จำลอง \(outcome.items) รายการ (ไฟล์แนบ \(outcome.attachments)) ใน \(Int(Date().timeIntervalSince(started))) วินาที"
                + " — \(outcome.items) generated items, \(outcome.attachments) attachments")
    }
}

/// Writes generated items straight into the tables in batches (one multi-row insert per table
/// per batch): going through the workflow item by item would take hours at 100,000 items.
struct BulkItems {
    let app: Application
    let seed: UInt64
    /// Spread the writes: one batch a second of `perMinute / 60` items.
    var perMinute: Int?
    static let originPrefix = "generate:"
    static let batchSize = 400

    struct Outcome {
        var items = 0
        var attachments = 0
    }

    /// Why the database may not be filled, or nil when it holds nothing but generated items.
    static func realContent(on db: any Database) async throws -> String? {
        let requests =
            try await PublicationRequest.query(on: db).count() - PublicationRequest.query(on: db).filter(\.$originKey =~ originPrefix).count()
        if requests > 0 { return "คำขอเผยแพร่ \(requests) รายการ" }
        if try await PlanProject.query(on: db).count() > 0 { return "โครงการในแผน" }
        if try await ServiceRequest.query(on: db).count() > 0 { return "คำขอรับบริการ" }
        if try await Question.query(on: db).count() > 0 { return "คำถามจากประชาชน" }
        return nil
    }

    func generate(count: Int, attachments: Bool, progress: (Int) -> Void) async throws -> Outcome {
        let db = app.db
        let now = app.clock.now()
        let (author, units) = try await ensureAgency(now: now)
        let categories = try await SiteCategory.query(on: db).sort(\.$position).all()
        guard !categories.isEmpty else { throw Abort(.internalServerError, reason: "no categories") }
        let archiveIDs = Set(categories.filter { $0.expiredPolicy == .archive }.compactMap(\.id))
        var rng = SplitMix64(seed: seed)
        var outcome = Outcome()
        var number = (try await Publication.query(on: db).sort(\.$number, .descending).first()?.number ?? 0) + 1
        let pdfs = attachments ? try await storeSamplePDFs(now: now) : []
        let threeYears: TimeInterval = 3 * 365 * 86_400

        let batchSize = perMinute.map { max(1, ($0 + 59) / 60) } ?? Self.batchSize
        while outcome.items < count {
            let batchStarted = Date()
            let size = min(batchSize, count - outcome.items)
            var requests: [PublicationRequest] = []
            var publications: [Publication] = []
            var files: [Attachment] = []
            for _ in 0..<size {
                let category = categories.randomElement(using: &rng) ?? categories[0]
                let unit = units.randomElement(using: &rng) ?? units[0]
                // Mostly live items published over three years; some ended (archived or gone), a few scheduled.
                let publishAt = now.addingTimeInterval(-Double.random(in: 0..<threeYears, using: &rng))
                var expireAt: Date? = nil
                switch Int.random(in: 0..<20, using: &rng) {
                case 0: expireAt = publishAt.addingTimeInterval(Double.random(in: 86_400...(90 * 86_400), using: &rng))
                case 1: expireAt = now.addingTimeInterval(Double.random(in: 86_400...(365 * 86_400), using: &rng))
                default: break
                }
                if let end = expireAt, end <= now, !archiveIDs.contains(category.id ?? UUID()), Bool.random(using: &rng) { expireAt = nil }
                let fiscal = FiscalQuarter.containing(CalendarDate.bangkok(containing: publishAt))
                let title = SampleThaiText.title(fiscalYear: fiscal.fiscalYear.beYear, using: &rng)
                let body = SampleThaiText.body(using: &rng)
                let requestID = UUID()
                let publicationID = UUID()

                let request = PublicationRequest()
                request.id = requestID
                request.$unit.id = unit.id ?? UUID()
                request.$author.id = author
                request.$category.id = category.id ?? UUID()
                request.publicationID = publicationID
                request.revision = 1
                request.requestDate = CalendarDate.bangkok(containing: publishAt).iso
                request.title = title
                request.details = body
                request.externalLinks = ""
                request.publishAt = publishAt
                request.expireAt = expireAt
                request.urgent = false
                request.state = .published
                request.version = 1
                request.fiscalYear = fiscal.fiscalYear.beYear
                request.fiscalQuarter = fiscal.number
                request.providerName = "เจ้าหน้าที่\(unit.nameTh)"
                request.providerPosition = "นักวิชาการสาธารณสุข"
                request.submittedAt = publishAt
                request.approvedAt = publishAt
                request.approverName = "หัวหน้า\(unit.nameTh)"
                request.approverPosition = "หัวหน้ากลุ่มงาน"
                request.publishedAt = publishAt
                request.publisherName = "ผู้ดูแลเว็บไซต์"
                request.publisherPosition = "นักวิชาการคอมพิวเตอร์"
                request.createdAt = publishAt
                request.updatedAt = publishAt
                request.originKey = Self.originPrefix + requestID.uuidString.lowercased()
                requests.append(request)

                var fileNames: [String] = []
                if let pdf = pdfs.randomElement(using: &rng), Int.random(in: 0..<4, using: &rng) == 0 {
                    let attachment = Attachment()
                    attachment.id = UUID()
                    attachment.requestID = requestID
                    attachment.fileName = SampleThaiText.fileName(fiscalYear: fiscal.fiscalYear.beYear, number: number, using: &rng)
                    attachment.kind = "document"
                    attachment.contentType = "application/pdf"
                    attachment.size = pdf.size
                    attachment.sha256 = pdf.sha256
                    attachment.archiveEntries = ""
                    attachment.position = 0
                    attachment.createdAt = publishAt
                    files.append(attachment)
                    fileNames.append(attachment.fileName)
                }

                let publication = Publication()
                publication.id = publicationID
                publication.number = number
                publication.categoryID = category.id ?? UUID()
                publication.unitID = unit.id ?? UUID()
                publication.currentRequestID = requestID
                publication.title = title
                publication.body = body
                publication.excerpt = Markdown.storedExcerpt(body)
                publication.externalLinks = ""
                publication.publishAt = publishAt
                publication.expireAt = expireAt
                publication.takedownRecordedAt = expireAt.flatMap { $0 <= now ? $0 : nil }
                publication.firstPublishedAt = publishAt
                publication.updatedAt = publishAt
                publication.searchTitle = PublicationSearch.normalise(title)
                publication.searchBody = PublicationSearch.normalise(Markdown.plainText(body))
                publication.searchFiles = PublicationSearch.normalise(fileNames.joined(separator: " "))
                publications.append(publication)
                number += 1
            }
            let batch = (requests, publications, files)
            try await app.writer.write { tx in
                try await batch.0.create(on: tx.db)
                if !batch.2.isEmpty { try await batch.2.create(on: tx.db) }
                try await batch.1.create(on: tx.db)
                try await app.siteVersion.bump(tx)
            }
            outcome.items += size
            outcome.attachments += files.count
            if let perMinute {
                // A load generator, not a deadline: it paces itself by the wall clock.
                let due = Double(size) * 60 / Double(perMinute) - Date().timeIntervalSince(batchStarted)
                if due > 0 { try await Task.sleep(for: .milliseconds(Int(due * 1000))) }
            }
            if outcome.items % 10_000 < Self.batchSize || outcome.items == count { progress(outcome.items) }
        }
        return outcome
    }

    /// The agency, units and an author to hang items on: the install's own when set up, or a
    /// generated agency when the database is empty.
    private func ensureAgency(now: Date) async throws -> (author: UUID, units: [OrgUnit]) {
        let db = app.db
        if try await Agency.query(on: db).count() == 0 {
            try await app.writer.write { tx in
                try await Agency(
                    nameTh: "สำนักงานทดสอบประสิทธิภาพ (ข้อมูลจำลอง)", nameEn: "Benchmark Office (generated data)",
                    address: "ถนนทดสอบ ตำบลทดสอบ อำเภอเมือง จังหวัดชลบุรี 20000", phone: "0 3800 0000", fax: nil,
                    email: "saraban@benchmark.example", officeHours: "จันทร์–ศุกร์ 08.30–16.30 น."
                ).create(on: tx.db)
            }
        }
        var units = try await OrgUnit.query(on: db).all()
        if units.isEmpty {
            let names = ["กลุ่มงานบริหารทั่วไป", "กลุ่มงานควบคุมโรคติดต่อ", "กลุ่มงานส่งเสริมสุขภาพ", "กลุ่มงานคุ้มครองผู้บริโภค", "กลุ่มงานพัฒนายุทธศาสตร์สาธารณสุข", "กลุ่มงานสุขภาพดิจิทัล"]
            units = names.enumerated().map { OrgUnit(slug: "unit-\($0.offset + 1)", nameTh: $0.element) }
            let created = units
            try await app.writer.write { tx in try await created.create(on: tx.db) }
        }
        if let user = try await User.query(on: db).sort(\.$username).first(), let id = user.id { return (id, units) }
        // Nobody can sign in as the generated author: its password is random and never shown.
        let author = User(
            username: "generated-author", displayName: "ผู้เขียนข้อมูลจำลอง", position: "เจ้าหน้าที่", unitID: units.first?.id, roles: [.staff],
            passwordHash: try await app.passwordHashing.hash(DemoSeeder.generatePassword()), mustChangePassword: true)
        author.isActive = false
        try await app.writer.write { tx in try await author.create(on: tx.db) }
        return (try author.requireID(), units)
    }

    struct StoredPDF {
        var sha256: String
        var size: Int
    }

    /// A handful of small, valid PDFs (the demo's) shared by the attachments (blobs are stored once per content).
    private func storeSamplePDFs(now: Date) async throws -> [StoredPDF] {
        var stored: [StoredPDF] = []
        for index in 1...8 {
            let data = DemoFiles.pdf(title: "Prakat benchmark attachment \(index)")
            let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            if try await Blob.find(sha, on: app.db) == nil {
                let blob = Blob(sha256: sha, data: data, createdAt: now)
                try await app.writer.write { tx in try await blob.create(on: tx.db) }
            }
            stored.append(StoredPDF(sha256: sha, size: data.count))
        }
        return stored
    }
}
