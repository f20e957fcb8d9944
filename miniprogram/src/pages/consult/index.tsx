import ComingSoon from '../../components/ComingSoon'

export default function ConsultPage() {
  return (
    <ComingSoon
      title='议事 · 大家的事大家商量着办'
      intro='停车、加装电梯、垃圾分类……社区的事由居民一起提议、讨论、表决。'
      features={['居民提出议题，邻居附议', '社区审核后公开讨论', '实名居民投票表决', '跟踪决议的落实进度']}
    />
  )
}
