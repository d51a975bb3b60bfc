"""`manage.py demo_load [--seed N]`: fill the database with the demo center (docs/demo-data.md).

Idempotent: running it again updates the demo merchants, catalog, warehouses and accounts in
place; stock lots and addresses that already exist are left alone (later stock changes belong to
the running system), so counts stay the same. The catalog goes through the ordinary import
service, so every demo row is validated like a merchant's file.
"""

import os
import random
import time
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from freeport.catalog import demo, services
from freeport.catalog.models import SKU, Brand, Merchant, Product
from freeport.checkout import demo as checkout_demo
from freeport.console import services as console
from freeport.customers.models import Address
from freeport.customs import demo as customs_demo
from freeport.inventory.models import StockLot, StockMovement, Warehouse
from freeport.reviews import demo as reviews_demo
from freeport.search import services as search

PASSWORDS = {
    "shopper": "freeport-shopper",
    "merchant": "freeport-merchant",
    "operator": "freeport-operator",
}
DEMO_MERCHANT = "sakura-trading"  # the merchant the "merchant" demo account works for

# Two bonded warehouses in real bonded port areas (customs area codes from the 关区代码表) and
# the showroom in the free-trade zone, next to the first.
WAREHOUSES = [
    {"code": "QD-BW1", "name_zh": "青岛前湾保税港区一号仓",
     "name_en": "Qingdao Qianwan Bonded Port Area, Warehouse 1", "kind": Warehouse.Kind.BONDED,
     "province": "山东省", "city": "青岛市", "customs_area_code": "4258", "position": 0,
     "dispatch_hours": 24},
    {"code": "SH-BW2", "name_zh": "上海洋山特殊综合保税区二号仓",
     "name_en": "Shanghai Yangshan Special Comprehensive Bonded Zone, Warehouse 2",
     "kind": Warehouse.Kind.BONDED, "province": "上海市", "city": "上海市",
     "customs_area_code": "2249", "position": 1, "dispatch_hours": 48},
    {"code": "SR-01", "name_zh": "青岛自贸片区保税展示交易中心展厅",
     "name_en": "Qingdao FTZ Bonded Exhibition & Trading Center Showroom",
     "kind": Warehouse.Kind.SHOWROOM, "province": "山东省", "city": "青岛市",
     "customs_area_code": "4258", "position": 2},
]  # fmt: skip

# (username, surname, given name, province, city, district, postal code, street)
SHOPPERS = [
    ("wang.fang", "王", "芳", "北京市", "北京市", "朝阳区", "100020", "建国路88号院3号楼1205室"),
    ("li.na", "李", "娜", "上海市", "上海市", "浦东新区", "200120", "世纪大道1198号2号楼2201室"),
    ("zhang.wei", "张", "伟", "广东省", "广州市", "天河区", "510620", "体育东路118号5栋802房"),
    ("liu.yang", "刘", "洋", "广东省", "深圳市", "南山区", "518052", "高新南七道18号3栋1102"),
    ("chen.jing", "陈", "静", "浙江省", "杭州市", "西湖区", "310012", "文三路478号A座906室"),
    ("yang.fan", "杨", "帆", "江苏省", "南京市", "鼓楼区", "210008", "中山北路45号1703室"),
    ("zhao.lei", "赵", "磊", "四川省", "成都市", "武侯区", "610041", "天府大道北段1480号2单元1506"),
    ("huang.li", "黄", "丽", "湖北省", "武汉市", "洪山区", "430074", "珞喻路1037号8栋402"),
    ("zhou.jie", "周", "杰", "山东省", "青岛市", "黄岛区", "266555", "长江中路216号12号楼2单元601"),
    ("wu.min", "吴", "敏", "陕西省", "西安市", "雁塔区", "710061", "小寨东路126号B座1208"),
    ("xu.ting", "徐", "婷", "福建省", "厦门市", "思明区", "361001", "湖滨南路388号6号楼301"),
    ("sun.hao", "孙", "浩", "湖南省", "长沙市", "岳麓区", "410006", "麓山南路932号3栋205"),
    ("hu.xue", "胡", "雪", "重庆市", "重庆市", "渝北区", "401120", "金开大道99号7栋1803"),
    ("zhu.lin", "朱", "琳", "辽宁省", "大连市", "沙河口区", "116021", "西安路139号2号楼1402"),
    ("gao.feng", "高", "峰", "天津市", "天津市", "河西区", "300202", "友谊路35号A座1601"),
    ("lin.xiao", "林", "晓", "云南省", "昆明市", "五华区", "650031", "翠湖南路56号4栋502"),
    ("he.xin", "何", "欣", "黑龙江省", "哈尔滨市", "南岗区", "150001", "西大直街92号10栋301"),
    ("guo.qiang", "郭", "强", "河南省", "郑州市", "金水区", "450003", "花园路39号6号楼2单元1101"),
    ("ma.lijuan", "马", "丽娟", "安徽省", "合肥市", "蜀山区", "230031", "长江西路669号9栋1203"),
    ("luo.chen", "罗", "晨", "江西省", "南昌市", "红谷滩区", "330038", "赣江中大道1218号1单元902"),
    ("liang.yaqi", "梁", "雅琪", "广西壮族自治区", "南宁市", "青秀区", "530022",
     "民族大道136号15楼"),
    ("song.jia", "宋", "佳", "河北省", "石家庄市", "长安区", "050011", "中山东路265号3单元701"),
    ("zheng.kai", "郑", "凯", "浙江省", "宁波市", "鄞州区", "315100", "天童南路588号2号楼1606"),
    ("xie.wan", "谢", "婉", "江苏省", "苏州市", "工业园区", "215021", "星湖街328号11幢502室"),
    ("han.mei", "韩", "梅", "吉林省", "长春市", "朝阳区", "130012", "人民大街5688号4栋1108"),
    ("tang.ning", "唐", "宁", "山西省", "太原市", "小店区", "030006", "长风街113号1单元803"),
    ("feng.yu", "冯", "雨", "贵州省", "贵阳市", "观山湖区", "550081", "林城西路95号8栋2102"),
    ("yu.yang", "于", "洋", "海南省", "海口市", "龙华区", "570105", "滨海大道77号2单元1505"),
    ("dong.qian", "董", "倩", "内蒙古自治区", "呼和浩特市", "赛罕区", "010020",
     "新华东街85号5号楼603"),
    ("xiao.ran", "萧", "然", "新疆维吾尔自治区", "乌鲁木齐市", "天山区", "830002",
     "解放南路150号3栋1201"),
]  # fmt: skip
SHOPPER_ADDRESSES = [
    ("李晓雨", "上海市", "上海市", "徐汇区", "200030", "漕溪北路398号汇智大厦12楼1203室", True),
    ("李晓雨", "浙江省", "杭州市", "滨江区", "310051", "网商路599号4号楼6层（前台代收）",
     False),
]  # fmt: skip
PHONE_PREFIXES = ["138", "139", "136", "135", "150", "158", "186", "189", "177", "131"]

STEPS = [
    "reference data", "merchants", "console roles", "catalog", "popularity", "warehouses",
    "stock lots", "demo accounts", "shoppers", "customs declarations", "promotions and orders",
    "reviews",
]  # fmt: skip

# Every REVIEW_EVERY-th demo product (by code) waits in the operators' review queue instead of
# being approved, and every REJECT_EVERY-th of those has been sent back with a reason, so the
# console's queue, the merchant's dashboard and the review history have something to show.
REVIEW_EVERY = 12
REJECT_EVERY = 3
REJECT_REASONS = [
    "配料表缺少中文标签译文，请补充后重新提交。 / The ingredient list lacks the Chinese label "
    "translation; add it and resubmit.",
    "海关备案号与备案系统记录不一致。 / The customs record number does not match the filing.",
    "请上传原产地证明及检验检疫证书。 / Upload the certificate of origin and the inspection "
    "certificate.",
]


def demo_bin(rng) -> str:
    """A shelf address zone-aisle-shelf-level, e.g. "B-07-3-2" (picking walks them in order)."""
    return f"{rng.choice('ABCD')}-{rng.randint(1, 24):02d}-{rng.randint(1, 6)}-{rng.randint(1, 4)}"


class Command(BaseCommand):
    help = "Load the demo center: merchants, catalog, warehouses, stock and demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args, seed: int, verbosity: int = 1, **options):
        started = time.monotonic()
        quiet = verbosity == 0
        rows = demo.demo_rows(seed)
        counts: dict[str, int] = {}
        with tqdm(total=len(STEPS), desc="demo data", unit="step", disable=quiet) as bar:

            def step(name):
                bar.set_postfix_str(name)

            with transaction.atomic():
                step(STEPS[0])
                services.reference_load()
                bar.update()

                step(STEPS[1])
                merchants = self._merchants()
                bar.update()

                step(STEPS[2])
                console.roles_ensure()
                bar.update()

                step(STEPS[3])
                held = _review_sample(rows)
                batches = [
                    ([r for r in rows if r["product_code"] not in held], "approved"),
                    ([r for r in rows if r["product_code"] in held], None),
                ]
                with tqdm(total=len(rows), desc="catalog rows", unit="row", leave=False,
                          disable=quiet) as row_bar:  # fmt: skip
                    for batch, status in batches:
                        result = services.catalog_import(
                            rows=list(enumerate(batch, start=1)),
                            status=status,
                            progress=row_bar.update,
                        )
                        if not result.imported:
                            listed = "\n".join(f"  {e}" for e in result.errors[:20])
                            raise CommandError(f"demo rows failed validation:\n{listed}")
                self._reject(held)
                self._brands()
                bar.update()

                step(STEPS[4])
                products = self._popularity(rows, merchants, random.Random(seed + 1))
                bar.update()

                step(STEPS[5])
                warehouses = self._warehouses()
                bar.update()

                step(STEPS[6])
                counts.update(self._stock(rows, merchants, warehouses, random.Random(seed + 2)))
                search.index_rebuild()  # stock and popularity changed after the import
                search.demo_synonyms_load()  # everyday words for the demo catalog's products
                search.demo_popular_load()  # a search history for "popular searches"
                bar.update()

                step(STEPS[7])
                shopper_hash = make_password(PASSWORDS["shopper"])
                rng = random.Random(seed + 3)
                self._accounts(shopper_hash, merchants, rng)
                bar.update()

                step(STEPS[8])
                counts["shoppers"] = self._shoppers(shopper_hash, rng)
                bar.update()

                step(STEPS[9])
                counts["declarations"] = customs_demo.load([s[0] for s in SHOPPERS], seed + 4)
                bar.update()

                step(STEPS[10])
                counts.update(checkout_demo.load(seed + 5))
                bar.update()

                step(STEPS[11])
                counts.update(reviews_demo.load(seed + 6))
                bar.update()

        counts.update(products=products, skus=len(rows), brands=len({r["brand"] for r in rows}))
        self._report(counts, merchants[DEMO_MERCHANT], time.monotonic() - started)

    # ------------------------------------------------------------ steps

    def _reject(self, held: set[str]) -> None:
        """Send some held listings back to their merchant, once (re-runs keep their state)."""
        for i, code in enumerate(sorted(held)):
            if i % REJECT_EVERY:
                continue
            product = Product.objects.filter(code=code, status="pending").first()
            if product is not None:
                services.product_review(
                    product_id=product.id,
                    target="rejected",
                    reason=REJECT_REASONS[i // REJECT_EVERY % len(REJECT_REASONS)],
                )

    def _merchants(self) -> dict[str, Merchant]:
        out = {}
        for m in demo.MERCHANTS:
            merchant, _ = Merchant.objects.update_or_create(
                code=m["code"],
                defaults={k: m[k] for k in ("name_zh", "name_en", "customs_code", "country")}
                | {"is_active": True},
            )
            out[m["code"]] = merchant
        return out

    def _brands(self) -> None:
        """The import creates brands but never renames them; keep demo brand names current."""
        changed = []
        for brand in Brand.objects.filter(slug__in=list(demo.BRANDS)):
            zh, en, country, *_ = demo.BRANDS[brand.slug]
            if (brand.name_zh, brand.name_en, brand.country) != (zh, en, country):
                brand.name_zh, brand.name_en, brand.country = zh, en, country
                changed.append(brand)
        Brand.objects.bulk_update(changed, ["name_zh", "name_en", "country"])

    def _popularity(self, rows, merchants, rng: random.Random) -> int:
        """Sales counts (a long tail, staples ahead) and staggered publish times, so the
        "popular" and "newest" sorts differ."""
        keys = list(dict.fromkeys((r["merchant"], r["product_code"], r["category"]) for r in rows))
        ids = {m.id: code for code, m in merchants.items()}
        found = {
            (ids[p.merchant_id], p.code): p
            for p in Product.objects.filter(merchant_id__in=ids, code__in={k[1] for k in keys})
        }
        staples = {"formula-cow", "formula-goat", "diapers", "face-mask", "fish-oil", "sunscreen"}
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        products = []
        for merchant, code, category in keys:
            product = found[(merchant, code)]
            boost = 3.0 if category in staples else 1.0
            product.sales_count = min(int(rng.paretovariate(1.2) * 25 * boost), 50000)
            product.published_at = now - timedelta(hours=rng.randint(1, 24 * 150))
            products.append(product)
        Product.objects.bulk_update(products, ["sales_count", "published_at"], batch_size=500)
        return len(products)

    def _warehouses(self) -> dict[str, Warehouse]:
        out = {}
        for w in WAREHOUSES:
            warehouse, _ = Warehouse.objects.update_or_create(
                code=w["code"], defaults={k: v for k, v in w.items() if k != "code"}
            )
            out[w["code"]] = warehouse
        return out

    def _stock(self, rows, merchants, warehouses, rng: random.Random) -> dict[str, int]:
        """Lots for most SKUs in one or both bonded warehouses, display lots in the showroom.

        The plan depends only on the seed; lots that already exist are kept as they are.
        """
        ids = {m.id: code for code, m in merchants.items()}
        skus = {
            (ids[s.merchant_id], s.code): s
            for s in SKU.objects.filter(
                merchant_id__in=ids, code__in={r["sku_code"] for r in rows}
            ).select_related("product")
        }
        qd, sh, showroom = warehouses["QD-BW1"], warehouses["SH-BW2"], warehouses["SR-01"]
        today = timezone.localdate()
        now = timezone.now()
        entries: dict[tuple[str, str, int], str] = {}

        def entry(merchant, warehouse, wave, received):
            key = (merchant, warehouse.code, wave)
            if key not in entries:
                seq = rng.randint(10**8, 10**9 - 1)
                entries[key] = f"{warehouse.customs_area_code}{received.year}1{seq}"
            return entries[key]

        plan = []  # (sku, warehouse, batch, expiry, entry ref, quantity, received_at, reason)
        out_of_stock = low_stock = 0
        for r in rows:
            sku = skus[(r["merchant"], r["sku_code"])]
            life = sku.product.shelf_life_days
            price = float(sku.price)
            roll = rng.random()
            batch = f"L{rng.randint(1, 9)}{rng.choice('ABCDEFGHJK')}{rng.randint(1000, 9999)}"
            days_ago = rng.randint(5, 90)
            received = now - timedelta(days=days_ago, hours=rng.randint(0, 12))
            made = today - timedelta(days=days_ago + rng.randint(20, 120))
            expiry = made + timedelta(days=life) if life else None
            if price >= 2000:
                quantity = rng.randint(3, 24)
            elif price >= 500:
                quantity = rng.randint(10, 90)
            else:
                quantity = rng.randint(40, 600)
            wave = rng.randint(1, 3)
            where = rng.random()
            display = rng.random() < 0.3
            if roll < 0.04:
                out_of_stock += 1
            elif roll < 0.10:
                low_stock += 1
                plan.append((sku, qd, batch, expiry, entry(r["merchant"], qd, wave, received),
                             rng.randint(1, 5), received, "first receipt"))  # fmt: skip
            else:
                targets = [qd] if where < 0.55 else [sh] if where < 0.75 else [qd, sh]
                for w in targets:
                    share = quantity if len(targets) == 1 else max(1, quantity // 2)
                    plan.append((sku, w, batch, expiry, entry(r["merchant"], w, wave, received),
                                 share, received, "receipt"))  # fmt: skip
                if life and rng.random() < 0.25:
                    # An older batch nearing its expiry date (first-expiry-first-out picking).
                    old_batch = (
                        f"L{rng.randint(1, 9)}{rng.choice('MNPQRSTUVW')}{rng.randint(1000, 9999)}"
                    )
                    old_received = received - timedelta(days=rng.randint(60, 200))
                    old_expiry = today + timedelta(days=rng.randint(35, 150))
                    plan.append((sku, targets[0], old_batch, old_expiry,
                                 entry(r["merchant"], targets[0], wave + 3, old_received),
                                 rng.randint(2, max(3, quantity // 5)), old_received,
                                 "earlier receipt"))  # fmt: skip
            if display:
                plan.append((sku, showroom, batch, expiry, entry(r["merchant"], qd, wave, received),
                             rng.randint(1, 3), received, "display samples"))  # fmt: skip

        existing = set(
            StockLot.objects.filter(sku_id__in=[s.id for s in skus.values()]).values_list(
                "sku_id", "warehouse_id", "batch_number"
            )
        )
        lots, reasons = [], []
        for sku, w, batch, expiry, ref, quantity, received, why in plan:
            if (sku.id, w.id, batch) in existing:
                continue
            existing.add((sku.id, w.id, batch))
            lots.append(StockLot(
                sku=sku, warehouse=w, batch_number=batch, expiry_date=expiry,
                customs_entry_ref=ref, quantity_on_hand=quantity, quantity_reserved=0,
                received_at=received, bin_location=demo_bin(rng),
            ))  # fmt: skip
            reasons.append(f"demo data: {why}, batch {batch}, entry {ref}")
        StockLot.objects.bulk_create(lots, batch_size=500)
        StockMovement.objects.bulk_create(
            [
                StockMovement(lot=lot, kind=StockMovement.Kind.RECEIPT,
                              quantity=lot.quantity_on_hand, reason=reason)
                for lot, reason in zip(lots, reasons, strict=True)
            ],
            batch_size=500,
        )  # fmt: skip
        return {
            "lots": len(plan),
            "lots_created": len(lots),
            "out_of_stock": out_of_stock,
            "low_stock": low_stock,
            "display": sum(1 for p in plan if p[1] is showroom),
        }

    def _accounts(self, shopper_hash, merchants, rng) -> None:
        User = get_user_model()
        shopper, _ = User.objects.get_or_create(username="shopper")
        shopper.password = shopper_hash
        shopper.email = "shopper@example.com"
        shopper.last_name, shopper.first_name = "李", "晓雨"
        shopper.is_active = True
        shopper.is_staff = shopper.is_superuser = False
        shopper.save()
        phone = _phone(rng)  # drawn on every run, so later draws do not depend on the database
        if not shopper.addresses.exists():
            Address.objects.bulk_create([
                Address(user=shopper, recipient_name=name, phone=phone, province=province,
                        city=city, district=district, postal_code=postal, street=street,
                        is_default=default)
                for name, province, city, district, postal, street, default in SHOPPER_ADDRESSES
            ])  # fmt: skip
        console.staff_create(
            username="merchant",
            password=PASSWORDS["merchant"],
            role="merchant",
            merchant=merchants[DEMO_MERCHANT],
            email="merchant@example.com",
        )
        console.staff_create(
            username="operator",
            password=PASSWORDS["operator"],
            role="operator",
            email="operator@example.com",
        )

    def _shoppers(self, shopper_hash, rng) -> int:
        """About thirty more shoppers across provinces; they share the shopper password."""
        User = get_user_model()
        names = [s[0] for s in SHOPPERS]
        have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        User.objects.bulk_create([
            User(username=username, password=shopper_hash, last_name=surname, first_name=given,
                 email=f"{username}@example.com")
            for username, surname, given, *_ in SHOPPERS if username not in have
        ])  # fmt: skip
        users = {u.username: u for u in User.objects.filter(username__in=names)}
        with_address = set(
            Address.objects.filter(user__in=users.values()).values_list("user_id", flat=True)
        )
        phones = {username: _phone(rng) for username in names}  # drawn for all: stable per seed
        Address.objects.bulk_create([
            Address(user=users[username], recipient_name=surname + given, phone=phones[username],
                    province=province, city=city, district=district, postal_code=postal,
                    street=street, is_default=True)
            for username, surname, given, province, city, district, postal, street in SHOPPERS
            if users[username].id not in with_address
        ])  # fmt: skip
        return len(users)

    # ------------------------------------------------------------ report

    def _report(self, counts, merchant, elapsed) -> None:
        port = os.environ.get("PORT", "8000")
        base = f"http://127.0.0.1:{port}"
        w = self.stdout.write
        w(self.style.SUCCESS("Demo data loaded."))
        w(f"  {len(demo.MERCHANTS)} merchants, {counts['brands']} brands, "
          f"{counts['products']} products, {counts['skus']} SKUs")  # fmt: skip
        w(f"  {counts['lots']} stock lots ({counts['lots_created']} new), "
          f"{counts['display']} in the showroom; {counts['out_of_stock']} SKUs out of stock, "
          f"{counts['low_stock']} low")  # fmt: skip
        w(f"  {counts['shoppers'] + 1} shoppers; {counts['declarations']} customs declarations "
          "(released, rejected, waiting, queued)")  # fmt: skip
        w(f"  {counts['orders']} orders placed through checkout (most paid with the sandbox); "
          f"{counts['promotions']} promotions, {counts['coupons']} coupons "
          "(WELCOME20, SAVE10, SAKURA15)")  # fmt: skip
        w(f"  {counts['reviews']} product reviews from {counts['delivered_orders']} earlier, "
          f"delivered orders (sign in as {counts['review_as']} to write one)")  # fmt: skip
        w("")
        w(f"  Storefront   {base}/")
        w(f"  Console      {base}/console/   (records: {base}/admin/)")
        w(f"  API docs     {base}/api/v1/docs   (schema: {base}/api/v1/openapi.json)")
        w("")
        w("  Demo accounts (username / password):")
        w(f"    shopper  / {PASSWORDS['shopper']}   shopper with 2 saved addresses")
        w(f"    merchant / {PASSWORDS['merchant']}  merchant staff of {merchant.name_zh} "
          f"{merchant.name_en} ({merchant.code})")  # fmt: skip
        w(f"    operator / {PASSWORDS['operator']}  center operator")
        w(f"    + {counts['shoppers']} more shoppers (e.g. {SHOPPERS[0][0]}) with the shopper "
          "password")  # fmt: skip
        w("")
        w(f"  Done in {elapsed:.1f} s.")


def _review_sample(rows) -> set[str]:
    # Items over the 5,000 CNY single-transaction limit stay public: they show the full-tax rule.
    over_limit = {r["product_code"] for r in rows if Decimal(r["price"]) > Decimal("5000")}
    codes = sorted({r["product_code"] for r in rows} - over_limit)
    return set(codes[REVIEW_EVERY // 2 :: REVIEW_EVERY])


def _phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randint(0, 10**8 - 1):08d}"
