import ComingSoon from '../../components/ComingSoon'

export default function VolunteerPage() {
  return (
    <ComingSoon
      title='志愿 · 邻里互助'
      intro='参加社区志愿活动，记录服务时长，积分可在爱心商家兑换。'
      features={['报名社区志愿活动', '扫码签到签退，自动记录时长', '星级志愿者认证', '积分超市兑换生活用品']}
    />
  )
}
