import Fluent
import Foundation
import PrakatCore
import Testing
import VaporTesting

@testable import PrakatApp

/// Who may take each step (the API contract, "Publishing"): 200 for the one who may, 403 for a role that
/// may not, 404 for someone who may not even see the request, 401 without a token, 409 when
/// the request is no longer in a state that allows it.
@Suite("Publishing: the permission matrix over the API")
struct PublishingPermissionTests {
    /// Everyone the matrix asks, by a short name.
    struct Cast {
        var clients: [String: APIClient]
        static let everyone = ["author", "otherStaff", "head", "otherHead", "uploader", "webmaster", "planner", "administrator", "auditor", "anonymous"]

        static func assemble(_ app: Application, _ fixtures: Fixtures) async throws -> Cast {
            try await makeUser(app, "staff2", roles: [.staff], unit: fixtures.unit)
            let otherHead = try await makeUser(app, "otherhead", roles: [.unitHead], unit: fixtures.otherUnit)
            fixtures.otherUnit.headUserID = otherHead.id
            try await fixtures.otherUnit.update(on: app.db)
            var clients: [String: APIClient] = ["anonymous": .anonymous(app)]
            for (name, username) in [
                ("author", "staff"), ("otherStaff", "staff2"), ("head", "unithead"), ("otherHead", "otherhead"), ("uploader", "uploader"),
                ("webmaster", "webmaster"), ("planner", "planner"), ("administrator", "administrator"), ("auditor", "auditor")
            ] {
                clients[name] = try await APIClient.signIn(app, username)
            }
            return Cast(clients: clients)
        }

        subscript(_ name: String) -> APIClient { clients[name]! }
    }

    /// Asks everyone but `allowed` first (none of them may change anything), then `allowed`.
    func check(_ action: String, on id: UUID, body: [String: Any]?, room: Newsroom, cast: Cast, expected: [String: HTTPStatus], allowed: String) async throws {
        for who in Cast.everyone where who != allowed {
            let response = try await room.act(action, id, by: cast[who], body)
            #expect(response.status == expected[who], "\(action) by \(who): \(response.status) \(response.text)")
            if response.status != .ok { #expect(response.isProblemJSON, "\(action) by \(who)") }
        }
        let response = try await room.act(action, id, by: cast[allowed], body)
        #expect(response.status == .ok, "\(action) by \(allowed): \(response.text)")
    }

    @Test func onlyTheAuthorMaySubmit() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let cast = try await Cast.assemble(app, fixtures)
            let id = try await room.draft(title: "ข่าวสำหรับทดสอบสิทธิ์")
            let before = try await room.request(id).version
            try await check(
                "submit", on: id, body: nil, room: room, cast: cast,
                expected: [
                    "otherStaff": .notFound, "head": .forbidden, "otherHead": .forbidden, "uploader": .forbidden, "webmaster": .forbidden,
                    "planner": .forbidden, "administrator": .forbidden, "auditor": .forbidden, "anonymous": .unauthorized
                ], allowed: "author")
            let request = try await room.request(id)
            #expect(request.state == .submitted)
            #expect(request.version == before + 1, "nobody but the author changed it")
            #expect(try await room.act("submit", id, by: cast["author"]).status == .conflict)
        }
    }

    @Test(arguments: [("approve", ["comment": "เห็นชอบ"]), ("return", ["reason": "แก้คำผิด"]), ("reject", ["reason": "ไม่เหมาะสม"])])
    func onlyTheHeadOfTheRequestsUnitMayDecide(action: String, body: [String: String]) async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let cast = try await Cast.assemble(app, fixtures)
            let id = try await room.draft(title: "ข่าวรอการพิจารณา")
            try await room.act("submit", id, by: room.staff)
            try await check(
                action, on: id, body: body, room: room, cast: cast,
                expected: [
                    "author": .forbidden, "otherStaff": .forbidden, "otherHead": .notFound, "uploader": .forbidden, "webmaster": .forbidden,
                    "planner": .forbidden, "administrator": .forbidden, "auditor": .forbidden, "anonymous": .unauthorized
                ], allowed: "head")
            let expectedState: RequestState = action == "approve" ? .approved : action == "return" ? .returned : .rejected
            #expect(try await room.request(id).state == expectedState)
            // Deciding again is a conflict, whatever the decision.
            #expect(try await room.act(action, id, by: cast["head"], body).status == .conflict)
        }
    }

    @Test func returnAndRejectNeedAReason() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวไม่มีเหตุผล")
            try await room.act("submit", id, by: room.staff)
            for action in ["return", "reject"] {
                let response = try await room.act(action, id, by: room.head, ["reason": "   "])
                #expect(response.status == .unprocessableEntity)
                #expect(try response.fieldErrors().first?.field == "reason")
            }
            #expect(try await room.request(id).state == .submitted)
        }
    }

    @Test func uploadersAndWebmastersMayPublishAndNobodyElse() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let cast = try await Cast.assemble(app, fixtures)
            let expected: [String: HTTPStatus] = [
                "author": .forbidden, "otherStaff": .forbidden, "head": .forbidden, "otherHead": .forbidden, "planner": .forbidden,
                "administrator": .forbidden, "auditor": .forbidden, "anonymous": .unauthorized
            ]
            for publisher in ["uploader", "webmaster"] {
                let id = try await room.draft(title: "ข่าวสำหรับ \(publisher)")
                try await room.act("submit", id, by: room.staff)
                try await room.act("approve", id, by: room.head)
                for who in Cast.everyone where !["uploader", "webmaster"].contains(who) {
                    let response = try await room.act("publish", id, by: cast[who])
                    #expect(response.status == expected[who], "publish by \(who): \(response.status)")
                }
                let response = try await room.act("publish", id, by: cast[publisher])
                #expect(response.status == .ok)
                #expect(try response.json()["state"] as? String == "published")
                #expect((try response.json()["url"] as? String)?.hasSuffix("/p/\(publisher == "uploader" ? 1 : 2)") == true)
                #expect(try await room.act("publish", id, by: cast[publisher]).status == .conflict, "publishing twice")
            }
        }
    }

    @Test func publishingBeforeApprovalIsAConflictUnlessUrgent() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวยังไม่อนุมัติ")
            try await room.act("submit", id, by: room.staff)
            let early = try await room.act("publish", id, by: room.uploader)
            #expect(early.status == .conflict)
            #expect(try early.json()["detail"] as? String == WorkflowDenial.wrongState(.submitted, .publish).message)
            #expect(try await Publication.query(on: app.db).count() == 0)
        }
    }

    @Test func onlyWebmastersMayWithdrawAndOnlyOnce() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let cast = try await Cast.assemble(app, fixtures)
            let item = try await room.publish(title: "ข่าวที่จะถอน")
            let path = "/api/v1/publications/\(item.publicationID.lowercased)/withdraw"
            for who in Cast.everyone where who != "webmaster" {
                let response = try await cast[who].send(.POST, path, ["reason": "ข้อมูลคลาดเคลื่อน"])
                #expect(response.status == (who == "anonymous" ? .unauthorized : .forbidden), "withdraw by \(who)")
            }
            #expect(try await visitor(app, item.path).status == .ok)
            let noReason = try await cast["webmaster"].send(.POST, path, [:])
            #expect(noReason.status == .unprocessableEntity)
            let done = try await cast["webmaster"].send(.POST, path, ["reason": "ข้อมูลคลาดเคลื่อน"])
            #expect(done.status == .ok)
            #expect(try done.json()["state"] as? String == "withdrawn")
            #expect(try await cast["webmaster"].send(.POST, path, ["reason": "อีกครั้ง"]).status == .conflict)
            let unknown = try await cast["webmaster"].send(.POST, "/api/v1/publications/\(UUID().lowercased)/withdraw", ["reason": "x"])
            #expect(unknown.status == .notFound)
        }
    }

    @Test func anAuthorWhoIsAlsoAHeadCannotApproveTheirOwnRequest() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let both = try await makeUser(app, "headauthor", roles: [.staff, .unitHead], unit: fixtures.unit)
            let client = try await APIClient.signIn(app, "headauthor")
            let id = try await room.draft(title: "คำขอของหัวหน้าเอง", by: client)
            #expect(try await room.act("submit", id, by: client).status == .ok)
            // The unit's head changes to the author while the request waits.
            fixtures.unit.headUserID = both.id
            try await fixtures.unit.update(on: app.db)
            let own = try await room.act("approve", id, by: client)
            #expect(own.status == .forbidden)
            #expect(try own.json()["detail"] as? String == WorkflowDenial.ownRequest.message)
            #expect(try await room.request(id).state == .submitted)

            // A request by the head of the unit has nobody to approve it: refused at submission.
            let second = try await room.draft(title: "คำขอใหม่ของหัวหน้า", by: client)
            let submit = try await room.act("submit", second, by: client)
            #expect(submit.status == .unprocessableEntity)
            #expect(try submit.json()["detail"] as? String == WorkflowDenial.noApprover.message)
            #expect(try await room.request(second).state == .draft)
        }
    }

    @Test func twoConcurrentApprovalsLetExactlyOneWin() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวอนุมัติพร้อมกัน")
            try await room.act("submit", id, by: room.staff)
            let head = room.head
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await room.act("approve", id, by: head).status }
                }
                var all: [HTTPStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 3, "\(statuses)")
            let approvals = try await RequestEvent.query(on: app.db).filter(\.$requestID == id).filter(\.$action == "approve").count()
            #expect(approvals == 1)
            let audit = try await room.auditActions(for: id)
            #expect(audit.filter { $0 == "request.approved" }.count == 1)
        }
    }

    @Test func approveAndRejectAtOnceLeaveOneDecision() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let id = try await room.draft(title: "ข่าวตัดสินพร้อมกัน")
            try await room.act("submit", id, by: room.staff)
            let head = room.head
            async let approve = room.act("approve", id, by: head)
            async let reject = room.act("reject", id, by: head, ["reason": "ไม่เหมาะสม"])
            let statuses = try await [approve.status, reject.status]
            #expect(statuses.sorted { $0.code < $1.code } == [.ok, .conflict])
            let state = try await room.request(id).state
            #expect(state == (statuses[0] == .ok ? .approved : .rejected))
        }
    }

    @Test func requestsAreVisibleToParticipantsWebmastersAndAuditorsOnly() async throws {
        try await withPrakat { app, fixtures, clock in
            let room = try await Newsroom.open(app, fixtures, clock)
            let cast = try await Cast.assemble(app, fixtures)
            let id = try await room.draft(title: "ข่าวสำหรับดูรายละเอียด")
            let path = "/api/v1/requests/\(id.lowercased)"
            // A draft is the author's alone.
            for who in ["otherStaff", "head", "uploader", "webmaster", "auditor", "otherHead"] {
                #expect(try await cast[who].call(.GET, path).status == .notFound, "draft seen by \(who)")
            }
            try await room.act("submit", id, by: room.staff)
            let expected: [String: HTTPStatus] = [
                "author": .ok, "head": .ok, "uploader": .ok, "webmaster": .ok, "auditor": .ok,
                "otherStaff": .notFound, "otherHead": .notFound, "planner": .forbidden, "administrator": .forbidden, "anonymous": .unauthorized
            ]
            for who in Cast.everyone {
                let response = try await cast[who].call(.GET, path)
                #expect(response.status == expected[who], "GET by \(who): \(response.status)")
            }
            let shown = try await cast["auditor"].call(.GET, path)
            let history = try shown.json()["history"] as? [[String: Any]] ?? []
            #expect(history.map { $0["action"] as? String } == ["create", "submit"])
            #expect(try shown.json()["approverId"] as? String == fixtures.head.id?.uuidString)
        }
    }
}
