import Foundation
import PrakatCore

// The mock printed form and memo of one request (see `PageMocks.swift`).
extension PrintRoutes.PrintBody {
    static func mock(memo: Bool) -> Self {
        let id = MockData.requestID
        let head = PrintRoutes.SignOff(role: "ผู้อนุมัติ", name: "นายเดชา รักจรรยาบรรณ", position: "หัวหน้ากลุ่มงานสุขภาพดิจิทัล", date: MockData.date, signed: true)
        return Self(
            stylesheet: "/css/print.css", agencyName: MockData.agencyName, agencyPhone: "0 3828 5511", unitName: MockData.unitName,
            requestDate: MockData.date, title: "ขอเชิญร่วมบริจาคโลหิต ประจำเดือนกุมภาพันธ์ 2569",
            detailsLines: ["ขอเชิญชวนประชาชนร่วมบริจาคโลหิต", "วันที่ 20 กุมภาพันธ์ 2569 เวลา 08.30–15.00 น."],
            links: ["https://www.redcross.or.th/"], note: "ขอเผยแพร่ในหน้าแรก", categoryName: "ข่าวประชาสัมพันธ์",
            period: "9 กุมภาพันธ์ 2569 – 11 มีนาคม 2569", sourceLine: nil, urgent: false,
            signOffs: [
                PrintRoutes.SignOff(role: "ผู้รับผิดชอบการให้ข้อมูล", name: "นางสาวสุดา ใจดี", position: "นักวิชาการสาธารณสุข", date: MockData.date, signed: true),
                head,
                PrintRoutes.SignOff(role: "ผู้รับผิดชอบการนำข้อมูลขึ้นเผยแพร่", name: "", position: "", date: "", signed: false)
            ],
            checklist: ["1.8 ข่าวประชาสัมพันธ์"], fiscalLabel: "ปีงบประมาณ 2569 ไตรมาสที่ 2", reference: "REQ-2569-0001",
            memoSubject: "ขออนุญาตนำข้อมูลเผยแพร่บนเว็บไซต์ของหน่วยงาน", memoTo: "หัวหน้ากลุ่มงานสุขภาพดิจิทัล",
            memoBody: [
                "ด้วยกลุ่มงานสุขภาพดิจิทัลมีความประสงค์ขอนำข้อมูลเรื่อง ขอเชิญร่วมบริจาคโลหิต ประจำเดือนกุมภาพันธ์ 2569 เผยแพร่บนเว็บไซต์",
                "จึงเรียนมาเพื่อโปรดพิจารณาอนุญาต"
            ],
            memoSigner: head, memoSignerLines: ["หัวหน้ากลุ่มงานสุขภาพดิจิทัล"], agencyHead: .unsigned, requesterPhone: nil, esarabanNumber: nil,
            pdfPath: memo ? PublishingRoute.printMemoPDF(id).path : PublishingRoute.printFormPDF(id).path,
            otherPath: memo ? PublishingRoute.printForm(id).path : PublishingRoute.printMemo(id).path,
            backPath: PublishingRoute.request(id).path, pdfAvailable: true, pdfHint: "", isPDF: false)
    }
}
