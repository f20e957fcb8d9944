export default definePageConfig({ navigationBarTitleText: '积分兑换商品', enablePullDownRefresh: true })
