mod api_cases;
mod biz;
mod desk_day;
mod workclock_diff;
