import Fluent
import Foundation
import NIOCore
import PrakatCore
import Vapor

/// `prakat seed-demo`: the demo agency, units, users and categories (only into an empty database:
/// no agency and no account). Run after `create-admin` on a real install it added eleven demo
/// accounts beside the real administrator, a second administrator among them (an operator
/// walkthrough); a refusal exits 1 so scripts can tell.
struct SeedDemoCommand: AsyncCommand {
    struct Signature: CommandSignature { init() {} }
    let help = "Creates the demo agency with its units, one user per role and the default categories."

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app, seedDemo: false)
        if try await Agency.query(on: app.db).count() > 0 {
            context.console.error("มีข้อมูลหน่วยงานอยู่แล้ว ไม่สร้างซ้ำ (an agency already exists; nothing was changed)")
            app.exitCode = 1
            return
        }
        let accounts = try await User.query(on: app.db).count()
        if accounts > 0 {
            context.console.error(
                "มีบัญชีผู้ใช้อยู่แล้ว \(accounts) บัญชี ข้อมูลตัวอย่างสร้างได้เฉพาะในฐานข้อมูลว่าง (\(accounts) accounts exist; the demo goes only into an empty database; nothing was changed)")
            app.exitCode = 1
            return
        }
        let credentials = try await DemoSeeder(app: app).seed()
        try await PublishingDemo(app: app).seed()
        DemoSeeder.printOnce(credentials, baseURL: app.prakat.publicBaseURL)
    }
}
