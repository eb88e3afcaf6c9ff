import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// `prakat seed-demo`: the demo agency, units, users and categories (only into an empty database).
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Creates the demo agency with its units, one user per role and the default categories."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, seedDemo: false)
        if try await Agency.query(on: app.db).count() > 0 {
            context.console.warning("มีข้อมูลหน่วยงานอยู่แล้ว ไม่สร้างซ้ำ (an agency already exists; nothing was changed)")
            return
        }
        let credentials = try await DemoSeeder(app: app).seed()
        try await PublishingDemo(app: app).seed()
        DemoSeeder.printOnce(credentials, baseURL: app.prakat.publicBaseURL)
    }
}
