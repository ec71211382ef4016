// Chinese text for demo cases: titles and descriptions per level-2 category, people's names,
// phone and identity numbers. Templates carry slots: {v} village or community, {e} housing estate,
// {p} a person (张某), {q} another person, {n} a small number, {m} an amount of money, {d} days.
import type { Rng } from './prng.js';

interface Templates {
  titles: readonly string[];
  details: readonly string[];
}

export const CATEGORY_TEXT: Readonly<Record<string, Templates>> = {
  '0101': { titles: ['夫妻感情不和要求调解', '{p}夫妻因彩礼问题发生纠纷', '婚姻纠纷双方争吵不断'], details: ['{p}与配偶结婚{n}年，近期因家庭琐事和彩礼返还问题经常吵架，已分居{d}天', '双方因离婚后财产分割意见不一，多次发生口角'] },
  '0102': { titles: ['子女不履行赡养义务', '{p}老人赡养问题求助', '抚养费长期未支付'], details: ['{p}今年{n}十多岁，几个子女互相推诿，不愿承担赡养费用，老人生活困难', '离婚后对方拖欠孩子抚养费{m}元，多次催要无果'] },
  '0103': { titles: ['反映家庭暴力问题', '{p}遭受丈夫殴打求助', '家中发生打人事件'], details: ['{p}反映其丈夫酒后多次殴打家人，并威胁伤害孩子，情绪十分害怕', '邻居听到{p}家中传出打骂声，担心发生伤害'] },
  '0104': { titles: ['兄弟姐妹争夺遗产', '老宅继承纠纷', '{p}家庭分家矛盾'], details: ['父母去世后留下房产一处，{p}与{q}因继承份额争执不下', '兄弟几人因分家和老宅归属问题多次争吵'] },
  '0201': { titles: ['邻居堵塞通道影响出行', '{p}家堆放杂物堵路', '通行道路被占用'], details: ['{p}在巷道内堆放杂物和建材，堵塞出入通道，车辆无法通行，双方多次发生争吵', '邻居修建围墙占用公共通道，影响周边{n}户村民出行'] },
  '0202': { titles: ['宅基地界址纠纷', '{p}与邻居因院墙界址争执', '宅基地边界不清引发矛盾'], details: ['{p}翻建房屋时院墙向外扩了{n}米，与邻居{q}发生宅基地界址纠纷', '两家因宅基地边界问题争执多年，近期矛盾激化'] },
  '0203': { titles: ['楼上漏水多次协商无果', '{e}楼上住户漏水', '新建房屋遮挡采光'], details: ['{e}楼上卫生间漏水，渗水导致我家天花板发霉脱落，与楼上住户多次协商无果', '邻居加盖房屋遮挡采光，家中白天也要开灯'] },
  '0204': { titles: ['邻里口角引发矛盾', '{p}与邻居因琐事吵架', '邻居之间矛盾需要调解'], details: ['{p}与邻居{q}因倒垃圾等琐事发生口角，双方情绪激动，互相骂人', '两家因孩子打闹引发矛盾，已吵架{n}次'] },
  '0301': { titles: ['土地承包合同纠纷', '承包地流转费用未付', '{p}土地承包经营权争议'], details: ['{p}承包的{n}亩耕地被他人流转使用，流转费用{m}元一直未付', '村里调整承包地时{p}认为分配不公，要求重新丈量'] },
  '0302': { titles: ['草场放牧边界纠纷', '林地权属争议', '{p}家牛羊越界放牧'], details: ['{p}家的牛羊多次进入邻村草场放牧，双方发生争执', '两个村民小组因山林权属问题争执不下'] },
  '0303': { titles: ['灌溉用水分配不均', '水渠堵塞无法浇地', '{v}村民浇地用水矛盾'], details: ['春灌期间上游村民截留用水，下游{n}十亩地无法灌溉', '水渠年久失修堵塞，村民浇地困难'] },
  '0401': { titles: ['农民工讨要拖欠工资', '工地拖欠工资{d}天未发', '{p}等{n}人被拖欠工资'], details: ['{p}等{n}名农民工在某工地务工，包工头拖欠工资共计{m}元，多次讨薪无果', '公司以资金紧张为由拖欠员工工资已两个月'] },
  '0402': { titles: ['单位违法解除劳动合同', '加班费未支付', '{p}劳动合同纠纷'], details: ['{p}在公司工作{n}年，公司未提前通知即将其辞退，也不支付经济补偿', '公司长期安排加班却不支付加班费'] },
  '0403': { titles: ['工伤认定和社保问题', '单位未缴纳社保', '{p}工伤赔偿纠纷'], details: ['{p}在工作中受伤，单位拒绝申报工伤认定，医疗费用{m}元无人承担', '单位未给员工缴纳养老保险和医保'] },
  '0501': { titles: ['物业服务差不作为', '{e}物业乱收费', '小区保洁长期不到位'], details: ['{e}物业公司服务质量差，楼道卫生无人打扫，保安形同虚设，却要求上涨物业费', '物业公司不履行职责，业主意见很大'] },
  '0502': { titles: ['小区电梯频繁故障', '{e}电梯困人', '电梯设施年久失修'], details: ['{e}{n}号楼电梯频繁故障，本月已发生困人事件，老人上下楼困难', '小区消防和电梯设施损坏，物业迟迟不维修'] },
  '0503': { titles: ['小区停车位被占用', '{e}停车收费不合理', '车位被长期占用'], details: ['{e}车位被外来车辆长期占用，业主无处停车', '物业私自提高停车费标准'] },
  '0601': { titles: ['拆迁补偿款未到位', '{p}安置房迟迟未分配', '征地补偿标准争议'], details: ['{p}家房屋已拆除{d}天，拆迁款{m}元至今未足额发放', '村民对征地补偿标准有异议，要求公开补偿方案'] },
  '0602': { titles: ['违法建设私搭乱建', '{e}楼顶违建加盖', '举报违规建房'], details: ['{e}有住户在楼顶私搭乱建，存在安全隐患', '{p}未经审批在承包地上违规建房'] },
  '0701': { titles: ['医疗纠纷要求调解', '{p}手术后出现并发症', '对医院诊疗结果有异议'], details: ['{p}在医院做手术后出现并发症，家属认为医院存在误诊，要求医院赔偿', '患者家属与医院就医疗费用和责任发生争执'] },
  '0702': { titles: ['公共卫生问题反映', '疫苗接种咨询', '{v}卫生环境差'], details: ['{v}卫生室环境差，药品管理不规范', '孩子疫苗接种时间安排咨询'] },
  '0801': { titles: ['购买商品质量问题', '商家拒绝退货', '{p}买到假货投诉'], details: ['{p}在商店购买的电器使用{n}天即出现故障，商家拒绝退换', '网购商品与描述不符，商家拒绝退货'] },
  '0802': { titles: ['商家乱收费', '价格明显高于标价', '收费不透明'], details: ['商家结账时价格高于标价，还收取不明费用', '停车场乱收费，价格没有公示'] },
  '0803': { titles: ['食品安全问题投诉', '餐馆卫生差食物变质', '超市销售过期食品'], details: ['在餐馆就餐后{n}人出现腹泻，怀疑食物变质', '超市销售过期食品，要求查处'] },
  '0901': { titles: ['夜间施工噪音扰民', '广场舞噪音扰民', '{e}附近噪声严重'], details: ['{e}附近工地夜间施工，噪音扰民严重，影响居民休息', '每天晚上广场舞音响声音过大，噪音持续到十点以后'] },
  '0902': { titles: ['企业排放废气异味', '露天焚烧垃圾', '{v}烟尘污染'], details: ['附近工厂排放废气，异味很大，居民无法开窗', '有人在{v}露天焚烧垃圾和秸秆，烟尘很大'] },
  '0903': { titles: ['河道污水直排', '企业偷排污水', '{v}水体污染'], details: ['有企业向河道排放污水，河水发黑发臭', '污水管道破损，污水流入农田'] },
  '0904': { titles: ['垃圾清运不及时', '{e}垃圾堆放无人清理', '垃圾站异味严重'], details: ['{e}垃圾已堆放{d}天无人清运，异味严重，蚊蝇滋生', '垃圾站垃圾满溢，影响周边居民'] },
  '1001': { titles: ['道路破损坑洼', '路面塌陷存在隐患', '{v}道路年久失修'], details: ['{v}主干道路面破损坑洼，雨天积水，车辆和行人通行困难', '路面出现塌陷，存在安全隐患'] },
  '1002': { titles: ['公交班次太少', '公交线路调整不便', '出租车拒载'], details: ['到{v}的公交班车每天只有{n}趟，群众出行不便', '出租车拒载绕路，服务态度差'] },
  '1003': { titles: ['车辆违停堵塞交通', '路口信号灯故障', '道路拥堵严重'], details: ['路口车辆乱停乱放，早晚高峰拥堵严重', '路口信号灯故障{n}天未修'] },
  '1101': { titles: ['小区停水无通知', '自来水水压低', '{e}水质浑浊'], details: ['{e}已停水{n}天，事先没有通知，居民生活受到影响', '高峰期水压低，楼上住户用不上水'] },
  '1102': { titles: ['暖气不热室温低', '{e}供暖不达标', '采暖费已交但暖气不热'], details: ['{e}{n}号楼暖气不热，室温只有十几度，家中有老人和孩子', '已缴纳采暖费，但暖气一直不热，多次反映未解决'] },
  '1103': { titles: ['频繁停电影响生活', '燃气管道漏气', '电费收费异常'], details: ['{v}近期频繁停电，影响生产生活', '楼道内闻到燃气异味，担心漏气'] },
  '1201': { titles: ['可疑人员聚集赌博', '夜间发生打架事件', '{v}发生盗窃'], details: ['{v}有人员聚集赌博，影响治安', '夜间有人打架斗殴，群众很害怕', '{v}近期发生多起盗窃案件'] },
  '1202': { titles: ['楼道电动车充电起火隐患', '消防通道被堵塞', '{e}消防设施损坏'], details: ['{e}居民在楼道内给电动车充电，存在起火隐患', '消防通道被车辆和杂物堵塞'] },
  '1203': { titles: ['企业安全生产隐患', '危化品违规存放', '工地安全措施不到位'], details: ['某企业违规存放危化品，存在安全隐患', '工地未设置安全防护措施'] },
  '1204': { titles: ['山体出现裂缝滑坡隐患', '暴雨后泥石流隐患', '{v}地质灾害隐患'], details: ['{v}后山出现裂缝，雨后有滑坡危险，威胁{n}户村民安全', '暴雨后沟道堆积物增多，存在泥石流隐患'] },
  '1301': { titles: ['孩子入学学位问题', '转学手续咨询', '{p}子女入学难'], details: ['{p}的孩子今年入学，但学区内学位不足', '孩子随父母务工转学，手续办理困难'] },
  '1302': { titles: ['校园欺凌问题', '校车安全隐患', '学校周边安全问题'], details: ['孩子在学校被同学欺凌，家长要求学校处理', '校车超载，存在安全隐患'] },
  '1401': { titles: ['申请低保救助', '{p}家庭生活困难求助', '低保资格认定有异议'], details: ['{p}家中{n}口人，因病致贫，申请低保救助', '认为低保评定不公开，要求复核'] },
  '1402': { titles: ['高龄补贴未发放', '养老服务咨询', '{v}老人无人照料'], details: ['{p}已满八十岁，高龄补贴一直未发放', '{v}独居老人无人照料，希望提供养老服务'] },
  '1403': { titles: ['残疾证办理咨询', '残疾人补贴未到位', '{p}残疾人就业求助'], details: ['{p}办理残疾证手续繁琐，多次往返', '残疾人两项补贴{d}天未到账'] },
  '1501': { titles: ['有人情绪低落有轻生念头', '心理危机求助', '{p}情绪异常需要干预'], details: ['{p}近期遭遇变故，情绪低落，对家人说想不开', '来电人情绪绝望，需要心理危机干预'] },
  '1502': { titles: ['心理咨询求助', '长期焦虑失眠', '孩子心理问题咨询'], details: ['来电人长期焦虑失眠，希望获得心理咨询', '孩子学习压力大，情绪不稳定'] },
  '1601': { titles: ['政策法规咨询', '咨询相关政策', '法律问题咨询'], details: ['咨询农村医保和养老保险相关政策', '咨询土地流转相关法律规定'] },
  '1602': { titles: ['办事流程咨询', '证件办理材料咨询', '咨询怎么办理'], details: ['咨询办理居住证需要哪些材料和流程', '咨询营业执照办理流程'] },
  '1701': { titles: ['表扬工作人员', '感谢社区网格员', '送锦旗表示感谢'], details: ['感谢{v}网格员{p}热心帮助解决困难', '对工作人员高效办事表示感谢'] },
  '1702': { titles: ['对社区工作的建议', '关于增设便民设施的建议', '意见建议'], details: ['建议在{v}增设健身器材和路灯', '建议延长办事大厅服务时间'] },
};

const APPEALS = ['希望有关部门尽快处理。', '请求协调解决。', '已多次反映，至今未解决。', '希望尽快给予答复。', '请相关部门核实处理。', '群众意见较大，请重视。'];
const ESTATES = ['幸福家园', '阳光小区', '金城花园', '和平里小区', '铁路新村', '滨河花园', '兰亭雅苑', '锦绣华庭', '民主西路小区', '长城家属院'];

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '魏', '苏', '蒋', '田', '董', '杜', '石', '汪'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '建国', '玉兰', '志强', '海燕', '小红', '永强', '晓东', '丽娟', '德明', '国庆', '春梅'];

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

/** `1` + a mobile prefix digit + 9 digits. */
export function phoneNumber(rng: Rng): string {
  const prefix = rng.pick(['3', '5', '7', '8', '9']);
  return `1${prefix}${String(rng.int(1_000_000_000)).padStart(9, '0')}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-digit resident identity number of the county, with a valid check digit (GB 11643). */
export function idNumber(rng: Rng, countyCode: string): string {
  const year = rng.between(1945, 2005);
  const month = String(rng.between(1, 12)).padStart(2, '0');
  const day = String(rng.between(1, 28)).padStart(2, '0');
  const body = `${countyCode.slice(0, 6)}${year}${month}${day}${String(rng.int(1000)).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (ID_WEIGHTS[i] as number);
  return body + ID_CHECK[sum % 11];
}

function fill(rng: Rng, template: string, village: string): string {
  return template.replace(/\{(\w)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'v': return village;
      case 'e': return rng.pick(ESTATES);
      case 'p': return `${rng.pick(SURNAMES)}某`;
      case 'q': return `${rng.pick(SURNAMES)}某某`;
      case 'n': return String(rng.between(2, 9));
      case 'm': return String(rng.between(3, 120) * 1000);
      case 'd': return String(rng.between(3, 60));
      default: return slot;
    }
  });
}

/** A village or community name without its committee suffix: 畅家巷社区居委会 → 畅家巷社区. */
export function shortVillageName(name: string): string {
  return name.replace(/(居民委员会|村民委员会|居委会|村委会)$/u, '') || name;
}

export function caseText(rng: Rng, categoryCode: string, villageName: string): { title: string; description: string } {
  const t = CATEGORY_TEXT[categoryCode];
  if (!t) throw new Error(`no demo text for category ${categoryCode}`);
  const village = shortVillageName(villageName);
  const title = fill(rng, rng.pick(t.titles), village);
  const detail = fill(rng, rng.pick(t.details), village);
  return { title, description: `${detail}。${rng.pick(APPEALS)}` };
}

export const RESULT_TEXT: Readonly<Record<string, readonly string[]>> = {
  fixed: ['经现场核实，问题已处理完毕。', '已协调相关单位解决，群众表示认可。', '已安排人员维修，恢复正常。'],
  partly_fixed: ['已部分解决，剩余问题纳入下一步计划。', '已先行处置，后续持续跟进。'],
  not_fixable: ['经核实，该问题暂不具备解决条件，已向群众解释说明。', '受政策限制无法解决，已做好解释工作。'],
  not_our_responsibility: ['经核实，该事项不属于本单位职责。'],
  advice_given: ['已向来电人解答相关政策和办理流程。', '已告知办理渠道和所需材料。'],
  mediated_agreement: ['经调解，双方达成一致并签订调解协议。', '经耐心调解，双方握手言和。'],
};

export const RETURN_REASONS = ['该事项不属于本单位职责范围', '地址信息有误，无法核实', '应由属地乡镇先行处置'];
export const REJECT_REASONS = ['诉求内容不清，无法受理', '属于司法程序处理事项，已告知诉讼途径', '重复来电，已告知办理进度'];
export const ESCALATE_REASONS = ['涉及多个部门，乡镇层面无法协调', '矛盾复杂，需要上级统筹处理'];
export const HOLD_REASONS = ['等待当事人补充材料', '需等待天气条件允许施工', '等待第三方鉴定结果'];
export const REOPEN_REASONS = ['回访群众不满意，问题未实际解决', '群众反映处理结果与实际不符'];
export const FOLLOW_UP_COMMENTS = ['群众表示满意', '处理及时', '问题还没有彻底解决', '态度很好'];
