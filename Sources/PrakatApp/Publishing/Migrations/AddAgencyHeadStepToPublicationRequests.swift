import Fluent

/// The head of agency's block on a request (who permitted or refused, when, as titled that day)
/// and two fields of the form: the requester's phone and the e-saraban document number. One
/// column per ALTER, as SQLite adds one at a time.
struct AddAgencyHeadStepToPublicationRequests: AsyncMigration {
    static let columns: [(String, DatabaseSchema.DataType)] = [
        ("permitter_id", .uuid), ("permitter_name", .string), ("permitter_position", .string), ("permitted_at", .datetime),
        ("requester_phone", .string), ("esaraban_number", .string)
    ]

    func prepare(on database: any Database) async throws {
        for (name, type) in Self.columns {
            try await database.schema(PublicationRequest.schema).field(FieldKey(stringLiteral: name), type).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns.reversed() {
            try await database.schema(PublicationRequest.schema).deleteField(FieldKey(stringLiteral: name)).update()
        }
    }
}
