import Fluent
import SQLKit

/// What a request was made from, when another feature made it (`plan-round:<round id>` for a
/// progress report sent to publishing), unique so that the database itself refuses a second
/// request from the same source (issue 15 §6: two presses of "send to publishing" at once both
/// passed the check on the round and made two requests). Requests people write have none; both
/// databases let a unique index hold any number of NULLs.
struct AddOriginKeyToPublicationRequests: AsyncMigration {
    static let indexName = "publication_requests_origin_key"

    func prepare(on database: any Database) async throws {
        try await database.schema(PublicationRequest.schema).field("origin_key", .string).update()
        // Reports sent before this migration: their round already names the request.
        for round in try await PlanRound.query(on: database).filter(\.$publicationRequestID != nil).all() {
            guard let requestID = round.publicationRequestID, let roundID = round.id else { continue }
            try await PublicationRequest.query(on: database).filter(\.$id == requestID)
                .set(\.$originKey, to: PublicationRequest.origin(planRound: roundID)).update()
        }
        try await SQLIndex.create(on: database, name: Self.indexName, table: PublicationRequest.schema, columns: ["origin_key"], unique: true)
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: Self.indexName)").run()
        }
        try await database.schema(PublicationRequest.schema).deleteField("origin_key").update()
    }
}
