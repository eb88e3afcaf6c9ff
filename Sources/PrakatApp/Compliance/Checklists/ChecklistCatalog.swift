import Fluent
import Foundation
import PrakatCore
import Vapor

/// Transparency checklists are data, not code: on an install whose checklist tables are empty,
/// the checklists of `Resources/Data/oit-checklist.json` (MOPH-MOIT 2569, NACC-OIT) are loaded,
/// one per framework and year, so requests can be tagged as evidence from the first day. Like a
/// migration's reference data it is not an audited change; imports and edits by webmasters are.
enum ChecklistCatalog {
    static func importIfEmpty(_ app: Application) async throws {
        guard try await ChecklistItem.query(on: app.db).count() == 0, try await Checklist.query(on: app.db).count() == 0 else { return }
        let path = (app.prakat.resourcesDirectory as NSString).appendingPathComponent("Data/oit-checklist.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            app.logger.warning("checklist data not found at Resources/Data/oit-checklist.json; requests cannot be tagged until a checklist is imported")
            return
        }
        // One parse, grouped by framework and year in file order; each group is checked by the import rules.
        let entries = (try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
        var groups: [(framework: String, year: Int, entries: [[String: Any]])] = []
        for entry in entries {
            guard let framework = entry["framework"] as? String, let year = entry["fiscal_year"] as? Int else { continue }
            if let index = groups.firstIndex(where: { $0.framework == framework && $0.year == year }) {
                groups[index].entries.append(entry)
            } else {
                groups.append((framework, year, [entry]))
            }
        }
        var drafts: [ChecklistDraft] = []
        for group in groups {
            let bytes = (try? JSONSerialization.data(withJSONObject: group.entries)).map { [UInt8]($0) } ?? []
            do throws(ChecklistImportProblems) {
                drafts.append(try ChecklistImport.parseJSON(bytes, framework: group.framework, fiscalYear: group.year))
            } catch {
                app.logger.warning(
                    "checklist \(group.framework) \(group.year) in Resources/Data/oit-checklist.json not loaded: \(error.problems.map(\.description).joined(separator: "; "))")
            }
        }
        let now = app.clock.now()
        let loaded = drafts
        try await app.writer.write { tx in
            for draft in loaded {
                let checklist = Checklist(
                    framework: draft.framework, fiscalYear: draft.fiscalYear, title: ComplianceText.checklistTitle(draft.framework, draft.fiscalYear), createdAt: now)
                try await checklist.create(on: tx.db)
                for (index, item) in draft.items.enumerated() {
                    let row = ChecklistService.newItem(item, unitID: nil, in: checklist, position: index)
                    try await row.create(on: tx.db)
                }
            }
        }
    }
}
