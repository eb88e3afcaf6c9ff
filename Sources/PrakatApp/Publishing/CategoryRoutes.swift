import Fluent
import Foundation
import PrakatCore
import Vapor

/// Webmasters edit the category tree and its publishing rules (issue 3 §1). Slugs are fixed
/// once created: item and category URLs are submitted to the ITA and must not move.
struct CategoryRoutes {

    struct Row: Encodable {
        var nameTh: String
        var slug: String
        var isChild: Bool
        var rules: [String]
        var path: String
        var publicPath: String
    }

    func list(_ req: Request) async throws -> Response {
        let all = try await SiteCategory.query(on: req.db).sort(\.$position).all()
        let intervals = try await CurrencyCategoryInterval.all(on: req.db)
        var rows: [Row] = []
        for root in all where root.parentID == nil {
            for category in [root] + all.filter({ $0.parentID == root.id }) {
                var rules: [String] = []
                if category.requiresSource { rules.append(category.requiresSourceDate ? "ต้องระบุแหล่งที่มาและวันที่" : "ต้องระบุแหล่งที่มา") }
                if category.requiresExpiry { rules.append("ต้องมีวันสิ้นสุด") }
                if let days = category.defaultDays { rules.append("เผยแพร่ \(days) วันโดยปริยาย") }
                rules.append(category.expiredPolicy.thaiName)
                if let days = category.id.flatMap({ intervals[$0] }) { rules.append(CurrencyText.reviewEvery(days)) }
                rows.append(
                    Row(
                        nameTh: category.nameTh, slug: category.slug, isChild: category.parentID != nil, rules: rules,
                        path: PublishingRoute.category(category.id!).path, publicPath: PublicRoute.category(category.slug).path))
            }
        }
        return try await req.render("Publishing/categories", title: PublishingText.categoriesTitle, ListBody(rows: rows, newPath: PublishingRoute.categoryNew.path))
    }

    struct ListBody: Encodable { var rows: [Row]; var newPath: String }

    struct CategoryForm: Content {
        var slug: String?
        var nameTh: String?
        var nameEn: String?
        var parentId: String?
        var position: String?
        var inNavigation: String?
        var requiresSource: String?
        var requiresSourceDate: String?
        var requiresExpiry: String?
        var defaultDays: String?
        var expiredPolicy: String?
        var reviewIntervalDays: String?
    }

    struct FormBody: Encodable {
        struct Option: Encodable { var value: String; var label: String; var selected: Bool }
        var action: String
        var isNew: Bool
        var slug: String
        var nameTh: String
        var nameEn: String
        var position: String
        var defaultDays: String
        /// Days between reviews of items with no end (the currency desk); blank: never.
        var reviewIntervalDays: String
        var inNavigation: Bool
        var requiresSource: Bool
        var requiresSourceDate: Bool
        var requiresExpiry: Bool
        var parents: [Option]
        var policies: [Option]
        var errors: FormErrors
        var cancelPath: String
    }

    private func render(_ req: Request, category: SiteCategory?, form: CategoryForm?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let roots = try await SiteCategory.query(on: req.db).filter(\.$parentID == nil).sort(\.$position).all().filter { $0.id != category?.id }
        let parent = form?.parentId ?? category?.parentID?.lowercased ?? ""
        let policy = form?.expiredPolicy ?? category?.expiredPolicyRaw ?? ExpiredPolicy.remove.rawValue
        var interval: Int?
        if let id = category?.id { interval = try await CurrencyCategoryInterval.days(of: id, on: req.db) }
        let body = FormBody(
            action: category.map { PublishingRoute.category($0.id!).path } ?? PublishingRoute.categories.path, isNew: category == nil,
            slug: form?.slug ?? category?.slug ?? "", nameTh: form?.nameTh ?? category?.nameTh ?? "", nameEn: form?.nameEn ?? category?.nameEn ?? "",
            position: form?.position ?? category.map { String($0.position) } ?? "1000",
            defaultDays: form?.defaultDays ?? category?.defaultDays.map(String.init) ?? "",
            reviewIntervalDays: form?.reviewIntervalDays ?? interval.map(String.init) ?? (category == nil ? "365" : ""),
            inNavigation: form.map { $0.inNavigation != nil } ?? category?.inNavigation ?? false,
            requiresSource: form.map { $0.requiresSource != nil } ?? category?.requiresSource ?? false,
            requiresSourceDate: form.map { $0.requiresSourceDate != nil } ?? category?.requiresSourceDate ?? false,
            requiresExpiry: form.map { $0.requiresExpiry != nil } ?? category?.requiresExpiry ?? false,
            parents: roots.map { .init(value: $0.id!.lowercased, label: $0.nameTh, selected: $0.id!.lowercased == parent.lowercased()) },
            policies: ExpiredPolicy.allCases.map { .init(value: $0.rawValue, label: $0.thaiName, selected: $0.rawValue == policy) },
            errors: errors, cancelPath: PublishingRoute.categories.path)
        return try await req.render("Publishing/category-form", title: category == nil ? PublishingText.newCategoryTitle : PublishingText.editCategoryTitle, body, status: status)
    }

    func new(_ req: Request) async throws -> Response {
        try await render(req, category: nil, form: nil, errors: FormErrors())
    }

    private func find(_ req: Request, id: UUID) async throws -> SiteCategory {
        guard let category = try await SiteCategory.find(id, on: req.db) else {
            throw PrakatError.notFound()
        }
        return category
    }

    func edit(_ req: Request, id: UUID) async throws -> Response {
        try await render(req, category: try await find(req, id: id), form: nil, errors: FormErrors())
    }

    func create(_ req: Request) async throws -> Response {
        try await save(req, category: nil)
    }

    func update(_ req: Request, id: UUID) async throws -> Response {
        try await save(req, category: try await find(req, id: id))
    }

    private func save(_ req: Request, category existing: SiteCategory?) async throws -> Response {
        let form = try req.content.decode(CategoryForm.self)
        var errors = FormErrors()
        let nameTh = (form.nameTh ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if nameTh.isEmpty { errors.add("nameTh", "กรุณากรอกชื่อหมวดหมู่") }
        if nameTh.count > 200 { errors.add("nameTh", "ชื่อหมวดหมู่ยาวเกิน 200 ตัวอักษร") }
        let slug = existing?.slug ?? (form.slug ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if existing == nil {
            if slug.isEmpty || slug.count > 60 || !slug.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }) || slug.hasPrefix("-") {
                errors.add("slug", "รหัส URL ใช้ได้เฉพาะ a–z ตัวเลข และขีดกลาง ไม่เกิน 60 ตัว")
            } else if try await SiteCategory.query(on: req.db).filter(\.$slug == slug).first() != nil {
                errors.add("slug", "รหัส URL นี้มีอยู่แล้ว")
            }
        }
        var parentID: UUID?
        if let raw = form.parentId, !raw.isEmpty {
            parentID = UUID(uuidString: raw)
            if parentID == nil || parentID == existing?.id {
                errors.add("parentId", "หมวดหมู่หลักไม่ถูกต้อง")
            } else if let parent = try await SiteCategory.find(parentID, on: req.db) {
                if parent.parentID != nil { errors.add("parentId", "เลือกได้เฉพาะหมวดหมู่ระดับบนสุด") }
            } else {
                errors.add("parentId", "ไม่พบหมวดหมู่หลักที่เลือก")
            }
        }
        let position = Int(form.position ?? "") ?? -1
        if !(0...100_000).contains(position) { errors.add("position", "ลำดับต้องเป็นตัวเลข 0–100000") }
        var defaultDays: Int?
        if let raw = form.defaultDays?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            defaultDays = Int(raw).flatMap { (1...3650).contains($0) ? $0 : nil }
            if defaultDays == nil { errors.add("defaultDays", "จำนวนวันต้องเป็นตัวเลข 1–3650") }
        }
        var reviewInterval: Int?
        switch CurrencyRules.parseInterval(form.reviewIntervalDays) {
        case .success(let days): reviewInterval = days
        case .failure(let problem): errors.add("reviewIntervalDays", problem.message)
        }
        guard let policy = ExpiredPolicy(rawValue: form.expiredPolicy ?? "") else {
            errors.add("expiredPolicy", "กรุณาเลือกการจัดการเมื่อครบกำหนด")
            return try await render(req, category: existing, form: form, errors: errors, status: .unprocessableEntity)
        }
        guard errors.isEmpty else { return try await render(req, category: existing, form: form, errors: errors, status: .unprocessableEntity) }
        let category = existing ?? SiteCategory(slug: slug, nameTh: nameTh, nameEn: nil, clause: nil, position: position)
        category.nameTh = nameTh
        category.nameEn = form.nameEn?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        category.parentID = parentID
        category.position = position
        category.inNavigation = form.inNavigation != nil
        category.requiresSource = form.requiresSource != nil || form.requiresSourceDate != nil
        category.requiresSourceDate = form.requiresSourceDate != nil
        category.requiresExpiry = form.requiresExpiry != nil
        category.defaultDays = defaultDays
        category.expiredPolicyRaw = policy.rawValue
        try await req.publishing.save(category, isNew: existing == nil, reviewIntervalDays: reviewInterval, actor: req.auditActor)
        return req.redirect(to: PublishingRoute.categories.path, flash: Flash(kind: .success, text: PublishingText.categorySaved))
    }
}
