import Fluent
import Foundation

/// Checklists become data per framework and fiscal year (issue 13): the `checklists` table, the
/// items' new columns (their checklist, requirement, deadlines, responsible unit), evidence on
/// publications and the agency's automatic tags. Existing items are grouped
/// into checklists and every published request's tags become its publication's evidence.
struct CreateChecklists: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Checklist.schema)
            .id()
            .field("framework", .string, .required)
            .field("fiscal_year", .int, .required)
            .field("title", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "framework", "fiscal_year")
            .create()
        for column in ["checklist_id", "unit_id"] {
            try await database.schema(ChecklistItem.schema).field(.string(column), .uuid).update()
        }
        for column in ["requirement", "period_note", "due_dates"] {
            try await database.schema(ChecklistItem.schema).field(.string(column), .string).update()
        }
        try await database.schema(PublicationChecklistTag.schema)
            .id()
            .field("publication_id", .uuid, .required, .references(Publication.schema, .id))
            .field("checklist_item_id", .uuid, .required, .references(ChecklistItem.schema, .id))
            .field("origin", .string, .required)
            .field("tagged_at", .datetime, .required)
            .field("tagged_by", .uuid)
            .unique(on: "publication_id", "checklist_item_id")
            .create()
        try await database.schema(ChecklistAutoTag.schema)
            .id()
            .field("source", .string, .required)
            .field("framework", .string, .required)
            .field("codes", .string, .required)
            .unique(on: "source")
            .create()
        try await SQLIndex.create(on: database, name: "publication_checklist_tags_item", table: PublicationChecklistTag.schema, columns: ["checklist_item_id"])
        try await SQLIndex.create(on: database, name: "checklist_items_checklist", table: ChecklistItem.schema, columns: ["checklist_id"])
        try await groupExistingItems(database)
        try await carryRequestTags(database)
        for source in ChecklistAutoTagSource.allCases {
            let mapping = source.defaultMapping
            try await ChecklistAutoTag(source: source, framework: mapping.framework, codes: mapping.codes).create(on: database)
        }
    }

    private func groupExistingItems(_ database: any Database) async throws {
        let items = try await ChecklistItem.query(on: database).all()
        var checklists: [String: UUID] = [:]
        for item in items {
            guard let year = item.fiscalYear else { continue }
            let key = "\(item.framework)|\(year)"
            if checklists[key] == nil {
                let checklist = Checklist(framework: item.framework, fiscalYear: year, title: ComplianceText.checklistTitle(item.framework, year), createdAt: Date())
                try await checklist.create(on: database)
                checklists[key] = checklist.id
            }
            item.checklistID = checklists[key]
            try await item.save(on: database)
        }
    }

    private func carryRequestTags(_ database: any Database) async throws {
        let tags = try await RequestChecklistTag.query(on: database).all()
        guard !tags.isEmpty else { return }
        let requests = try await PublicationRequest.query(on: database).filter(\.$id ~~ Set(tags.map(\.requestID))).all()
        var published: [UUID: (UUID, Date)] = [:]
        for request in requests {
            if let id = request.id, let publicationID = request.publicationID, let at = request.publishedAt { published[id] = (publicationID, at) }
        }
        var seen = Set<String>()
        for tag in tags {
            guard let (publicationID, at) = published[tag.requestID] else { continue }
            guard seen.insert("\(publicationID)|\(tag.checklistItemID)").inserted else { continue }
            try await PublicationChecklistTag(publicationID: publicationID, checklistItemID: tag.checklistItemID, origin: .request, at: at, by: nil)
                .create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ChecklistAutoTag.schema).delete()
        try await database.schema(PublicationChecklistTag.schema).delete()
        for column in ["checklist_id", "unit_id", "requirement", "period_note", "due_dates"] {
            try await database.schema(ChecklistItem.schema).deleteField(.string(column)).update()
        }
        try await database.schema(Checklist.schema).delete()
    }
}
