// A tab page lives in the main package (WeChat allows no tab page in a subpackage), so the page is this re-export
// and the screen itself belongs to its feature's folder.
export { default } from '../../volunteer/tab/VolunteerTab'
