/**
 * Demo accounts the seed creates, by WeChat openid. The local WeChat emulator takes a login code as the
 * openid, so signing in with code `demo-staff-1` signs in as that account. Shown on the H5 development sign-in page.
 */
export const DEMO_ACCOUNTS = [
  { openid: 'demo-resident-1', label: '居民 张阿姨（1号楼，第一网格）' },
  { openid: 'demo-resident-2', label: '居民 李师傅（2号楼）' },
  { openid: 'demo-resident-3', label: '居民 王同学（3号楼，第二网格）' },
  { openid: 'demo-volunteer-1', label: '志愿者 赵大姐（居民兼志愿者）' },
  { openid: 'demo-grid-1', label: '网格员 刘网格（第一网格）' },
  { openid: 'demo-staff-1', label: '社区工作者 陈社工' },
  { openid: 'demo-admin-1', label: '社区管理员 周书记' },
  { openid: 'demo-street-1', label: '街道工作人员 吴科长' },
  { openid: 'demo-merchant-1', label: '爱心商家 便民超市' },
  { openid: 'demo-courier', label: '流动网格员 快递员小李（顺丰，不住本社区）' },
  { openid: 'demo-mediator', label: '人民调解员 郑调解员' },
  { openid: 'demo-street-admin-1', label: '街道管理员 何主任（单位管理）' },
  { openid: 'demo-unit-wuye-1', label: '单位人员 孙经理（阳光物业公司）' },
  { openid: 'demo-unit-chengguan-1', label: '单位人员 钱队长（街道城管执法队）' },
  { openid: 'demo-unit-water-1', label: '单位人员 冯师傅（自来水公司）' },
] as const;
