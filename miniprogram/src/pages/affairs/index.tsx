import ComingSoon from '../../components/ComingSoon'

export default function AffairsPage() {
  return (
    <ComingSoon
      title='办事 · 急难愁盼'
      intro='身边的难事、烦心事，在这里向社区反映，全程可查进度。'
      features={[
        '提交诉求：物业、环境卫生、设施维修、邻里纠纷等',
        '网格员就近受理，超时自动督办',
        '随时查看办理进度和社区回复',
        '办结后评价满意度',
      ]}
    />
  )
}
