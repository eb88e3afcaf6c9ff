import Fluent
import Foundation
import PrakatCore
import Vapor

/// Transparency checklists are data, not code: on an install whose checklist tables are empty,
/// the checklists of `Resources/Data/oit-checklist.json` (MOPH-MOIT 2569, NACC-OIT) are loaded,
/// one per framework and year, so requests can be tagged as evidence from the first day. Like a
/// migration's reference data it is not an audited change; imports and edits by webmasters are.
enum ChecklistCatalog {
    private struct Entry: Decodable {
        var framework: String
        var fiscal_year: Int?
    }

    static func importIfEmpty(_ app: Application) async throws {
        guard try await ChecklistItem.query(on: app.db).count() == 0, try await Checklist.query(on: app.db).count() == 0 else { return }
        let path = (app.prakat.resourcesDirectory as NSString).appendingPathComponent("Data/oit-checklist.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            app.logger.warning("checklist data not found at Resources/Data/oit-checklist.json; requests cannot be tagged until a checklist is imported")
            return
        }
        let bytes = [UInt8](data)
        let groups = try JSONDecoder().decode([Entry].self, from: data)
        var seen: [String] = []
        for entry in groups {
            guard let year = entry.fiscal_year else { continue }
            let key = "\(entry.framework)|\(year)"
            if !seen.contains(key) { seen.append(key) }
        }
        let now = app.clock.now()
        let keys = seen
        try await app.writer.write { tx in
            for key in keys {
                let parts = key.split(separator: "|")
                guard parts.count == 2, let year = Int(parts[1]) else { continue }
                let framework = String(parts[0])
                let draft: ChecklistDraft
                do throws(ChecklistImportProblems) {
                    draft = try ChecklistImport.parseJSON(Self.entries(of: bytes, framework: framework, year: year), framework: framework, fiscalYear: year)
                } catch {
                    app.logger.warning(
                        "checklist \(framework) \(year) in Resources/Data/oit-checklist.json not loaded: \(error.problems.map(\.description).joined(separator: "; "))")
                    continue
                }
                let checklist = Checklist(framework: framework, fiscalYear: year, title: ComplianceText.checklistTitle(framework, year), createdAt: now)
                try await checklist.create(on: tx.db)
                for (index, item) in draft.items.enumerated() {
                    let row = ChecklistItem()
                    row.framework = framework
                    row.fiscalYear = year
                    row.checklistID = checklist.id
                    row.key = ChecklistItem.key(framework: framework, fiscalYear: year, code: item.code)
                    row.position = index
                    row.apply(item, unitID: nil)
                    try await row.create(on: tx.db)
                }
            }
        }
    }

    /// The entries of one framework and year, as a JSON list of their own.
    private static func entries(of bytes: [UInt8], framework: String, year: Int) -> [UInt8] {
        guard let list = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]] else { return [] }
        let chosen = list.filter { ($0["framework"] as? String) == framework && ($0["fiscal_year"] as? Int) == year }
        return (try? JSONSerialization.data(withJSONObject: chosen)).map { [UInt8]($0) } ?? []
    }
}
