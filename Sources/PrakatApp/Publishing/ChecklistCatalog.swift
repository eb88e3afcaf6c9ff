import Fluent
import Foundation
import Vapor

/// Transparency checklists are data, not code: the items of
/// `Resources/Data/oit-checklist.json` (MOPH-MOIT 2569, NACC-OIT) are loaded into
/// `checklist_items` when the table is empty, so requests can be tagged as evidence. Like a
/// migration's reference data it is not an audited change; edits by webmasters are.
enum ChecklistCatalog {
    struct Entry: Decodable {
        var code: String
        var framework: String
        var fiscal_year: Int?
        var title_th: String
        var title_en: String?
        var period: String?
    }

    static func importIfEmpty(_ app: Application) async throws {
        guard try await ChecklistItem.query(on: app.db).count() == 0 else { return }
        let path = (app.prakat.resourcesDirectory as NSString).appendingPathComponent("Data/oit-checklist.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            app.logger.warning("checklist data not found at Resources/Data/oit-checklist.json; requests cannot be tagged until it is imported")
            return
        }
        let entries = try JSONDecoder().decode([Entry].self, from: data)
        try await app.writer.write { tx in
            var seen = Set<String>()
            for (index, entry) in entries.enumerated() {
                let key = "\(entry.framework)|\(entry.fiscal_year.map(String.init) ?? "-")|\(entry.code)"
                guard seen.insert(key).inserted else { continue }
                let item = ChecklistItem()
                item.key = key
                item.framework = entry.framework
                item.fiscalYear = entry.fiscal_year
                item.code = entry.code
                item.titleTh = entry.title_th
                item.titleEn = entry.title_en
                item.period = entry.period ?? "current"
                item.position = index
                try await item.create(on: tx.db)
            }
        }
    }
}
